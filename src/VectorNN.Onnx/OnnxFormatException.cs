namespace VectorNN.Onnx;

/// <summary>
/// An ONNX file cannot be read, or holds a graph that VectorNN cannot run as a multi-layer perceptron. The message
/// starts with the file's path, names the node and its op type when one is at fault, and says what is supported.
/// </summary>
public sealed class OnnxFormatException : Exception
{
    /// <summary>Creates the exception; <see cref="Exception.Message"/> is "<paramref name="path"/>: <paramref name="message"/>".</summary>
    public OnnxFormatException(string path, string message)
        : this(path, message, null)
    {
    }

    /// <summary>Creates the exception with the error that revealed the problem.</summary>
    public OnnxFormatException(string path, string message, Exception? innerException)
        : base($"{path}: {message}", innerException)
    {
        Path = path;
    }

    /// <summary>The file that was being read (for bytes read from memory, the name the caller gave them).</summary>
    public string Path { get; }

    /// <summary>The node at fault as the message names it (its name, or its position and op type when it has none); null when the fault is not in one node.</summary>
    public string? Node { get; init; }
}
