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
    /// <summary>
    /// Measures each combination in its own process and returns every measurement, with the count of failed processes.
    /// The models of the <c>onnx</c> section are exported into a temporary folder first, and checked to give the same
    /// outputs in both libraries.
    /// </summary>
    public static (List<Measurement> Measurements, int Failures) RunAll(IReadOnlyList<string> sections, IReadOnlyList<int> threadCounts)
    {
        var measurements = new List<Measurement>();
        int failures = 0;
        string models = Directory.CreateTempSubdirectory("vectornn-peers-").FullName;
        try
        {
            if (sections.Contains("onnx"))
            {
                OnnxModels.Write(models);
                Console.Error.WriteLine($"onnx models exported; ONNX Runtime and VectorNN outputs differ by at most {OnnxModels.CheckAgreement(models):G3}");
            }

            foreach (string section in sections)
            {
                failures += RunSection(section, threadCounts, models, measurements);
            }
        }
        finally
        {
            Directory.Delete(models, recursive: true);
        }

        return (measurements, failures);
    }

    /// <summary>The child's side: measures one section with one library and writes the measurements as JSON.</summary>
    public static void Measure(string section, string library, int threads, string models, string outputPath)
    {
        List<Measurement> measurements = library switch
        {
            "TorchSharp" => TorchSections.Run(section, threads),
            OrtSections.Library => OrtSections.Run(section, threads, models),
            "VectorNN" => VectorNNSections.Run(section, threads, models),
            _ => throw new ArgumentException($"Unknown library '{library}'."),
        };
        File.WriteAllText(outputPath, JsonSerializer.Serialize(measurements));
    }

    /// <summary>Runs one section's processes: per thread count, its peer, then VectorNN. Returns the number that failed.</summary>
    private static int RunSection(string section, IReadOnlyList<int> threadCounts, string models, List<Measurement> measurements)
    {
        int failures = 0;
        foreach (int threads in threadCounts)
        {
            foreach (string library in new[] { Workloads.PeerOf(section), "VectorNN" })
            {
                Console.Error.WriteLine($"measuring {section}, {threads} thread(s), {library}");
                List<Measurement>? result = RunChild(section, library, threads, models);
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

        return failures;
    }

    private static List<Measurement>? RunChild(string section, string library, int threads, string models)
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

            foreach (string argument in new[] { "measure", section, library, threads.ToString(System.Globalization.CultureInfo.InvariantCulture), models, output })
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
