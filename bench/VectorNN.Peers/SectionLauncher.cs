using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace VectorNN.Peers;

/// <summary>
/// Runs every (section, thread count, library) in a fresh process: this program again, with the <c>measure</c>
/// arguments. In one process, libtorch's state after a GEMM section (allocator, OpenMP workers) slowed later training
/// figures by up to 40%, and TorchSharp's OpenMP threads could compete with VectorNN's; a process each keeps every
/// figure independent of what ran before it.
/// </summary>
internal static class SectionLauncher
{
    public static readonly string[] Libraries = ["TorchSharp", "VectorNN"];

    /// <summary>Measures each combination in its own process and returns every measurement, with the count of failed processes.</summary>
    public static (List<Measurement> Measurements, int Failures) RunAll(IReadOnlyList<string> sections, IReadOnlyList<int> threadCounts)
    {
        var measurements = new List<Measurement>();
        int failures = 0;
        foreach (string section in sections)
        {
            foreach (int threads in threadCounts)
            {
                foreach (string library in Libraries)
                {
                    Console.Error.WriteLine($"measuring {section}, {threads} thread(s), {library}");
                    List<Measurement>? result = RunChild(section, library, threads);
                    if (result is null)
                    {
                        failures++;
                    }
                    else
                    {
                        measurements.AddRange(result);
                    }
                }
            }
        }

        return (measurements, failures);
    }

    /// <summary>The child's side: measures one section with one library and writes the measurements as JSON.</summary>
    public static void Measure(string section, string library, int threads, string outputPath)
    {
        List<Measurement> measurements = library switch
        {
            "TorchSharp" => TorchSections.Run(section, threads),
            "VectorNN" => VectorNNSections.Run(section, threads),
            _ => throw new ArgumentException($"Unknown library '{library}'."),
        };
        File.WriteAllText(outputPath, JsonSerializer.Serialize(measurements));
    }

    private static List<Measurement>? RunChild(string section, string library, int threads)
    {
        string output = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("No process path."));

            // Started as `dotnet VectorNN.Peers.dll`: pass the assembly again.
            if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
            {
                start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
            }

            foreach (string argument in new[] { "measure", section, library, threads.ToString(System.Globalization.CultureInfo.InvariantCulture), output })
            {
                start.ArgumentList.Add(argument);
            }

            using Process child = Process.Start(start) ?? throw new InvalidOperationException("The measuring process did not start.");
            child.WaitForExit();
            if (child.ExitCode != 0)
            {
                Console.Error.WriteLine($"  failed: {section} {library} {threads} exited with {child.ExitCode}");
                return null;
            }

            return JsonSerializer.Deserialize<List<Measurement>>(File.ReadAllText(output));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
