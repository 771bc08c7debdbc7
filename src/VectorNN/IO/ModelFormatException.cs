namespace VectorNN.IO;

/// <summary>
/// A model or optimizer-state file is not what this library writes: truncated, corrupt, or describing something
/// inconsistent. The message starts with the file's path and says what is wrong.
/// </summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception; <see cref="Exception.Message"/> is "<paramref name="path"/>: <paramref name="message"/>".</summary>
    public ModelFormatException(string path, string message)
        : this(path, message, null)
    {
    }

    /// <summary>Creates the exception with the error that revealed the problem.</summary>
    public ModelFormatException(string path, string message, Exception? innerException)
        : base($"{path}: {message}", innerException)
    {
        Path = path;
    }

    /// <summary>The file that was being read.</summary>
    public string Path { get; }
}
