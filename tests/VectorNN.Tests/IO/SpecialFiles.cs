using System.Diagnostics;
using System.Net.Sockets;

namespace VectorNN.Tests.IO;

/// <summary>Creates file-system entries that are not regular files, inside a test's own folder.</summary>
internal static class SpecialFiles
{
    /// <summary>The kinds <see cref="Create"/> makes.</summary>
    public static readonly string[] Kinds = ["device", "fifo", "socket", "directory"];

    /// <summary>
    /// Creates an entry of <paramref name="kind"/> at <paramref name="path"/>: a character device with the null
    /// device's numbers (1, 3; creating it needs root, as the test suite runs), a FIFO, a bound Unix socket, or a folder.
    /// Dispose the result when done: a socket's entry lasts while the socket is open.
    /// </summary>
    public static IDisposable? Create(string kind, string path)
    {
        switch (kind)
        {
            case "device":
                Output("mknod", path, "c", "1", "3");
                return null;
            case "fifo":
                Output("mkfifo", path);
                return null;
            case "socket":
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Bind(new UnixDomainSocketEndPoint(path));
                return socket;
            case "directory":
                Directory.CreateDirectory(path);
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>Whether <paramref name="path"/> is still an entry of <paramref name="kind"/> (by <c>stat -c %F</c>).</summary>
    public static bool Is(string kind, string path)
    {
        string type = Output("stat", "-c", "%F", path).Trim();
        return kind switch
        {
            "device" => type == "character special file",
            "fifo" => type == "fifo",
            "socket" => type == "socket",
            "directory" => type == "directory",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static string Output(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed with exit {process.ExitCode}: {stderr}");
        }

        return stdout;
    }
}
