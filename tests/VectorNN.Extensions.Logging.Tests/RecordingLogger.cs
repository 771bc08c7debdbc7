using Microsoft.Extensions.Logging;
using Xunit;

namespace VectorNN.Extensions.Logging.Tests;

/// <summary>An <see cref="ILogger"/> that keeps every entry at or above its level, with the structured values.</summary>
internal sealed class RecordingLogger(LogLevel minimum = LogLevel.Trace) : ILogger
{
    private readonly List<LogEntry> entries = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (entries)
            {
                return [.. entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(
        LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        // The logger's contract: the caller checks IsEnabled, so an entry below the level is a fault of the caller's.
        Assert.True(IsEnabled(logLevel), $"logged at {logLevel} although the logger's level is {minimum}");
        var values = state is IReadOnlyList<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(pair => pair.Key, pair => pair.Value)
            : [];
        lock (entries)
        {
            entries.Add(new LogEntry(logLevel, eventId, values, exception, formatter(state, exception)));
        }
    }
}
