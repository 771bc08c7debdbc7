using Microsoft.Extensions.Logging;

namespace VectorNN.Extensions.Logging.Tests;

/// <summary>One entry a <see cref="RecordingLogger"/> received.</summary>
internal sealed record LogEntry(
    LogLevel Level, EventId EventId, IReadOnlyDictionary<string, object?> Values, Exception? Exception, string Message);
