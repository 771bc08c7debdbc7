using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace VectorNN.Peers;

/// <summary>What a table of figures was measured on and with.</summary>
internal sealed record MachineInfo(string Cpu, int LogicalCpus, string Runtime, string TorchSharp, string LibTorch, string OnnxRuntime, string Date)
{
    /// <summary>Reads them without loading libtorch: the CPU from /proc/cpuinfo, versions from assemblies and deps.json.</summary>
    public static MachineInfo Current() => new(
        CpuModel(),
        Environment.ProcessorCount,
        RuntimeInformation.FrameworkDescription,
        AssemblyVersion(typeof(TorchSharp.torch).Assembly),
        LibTorchVersion(),
        AssemblyVersion(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly),
        DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>One line per fact, for the table's heading.</summary>
    public IEnumerable<string> Lines()
    {
        yield return $"machine:    {Cpu}, {LogicalCpus} logical CPUs";
        yield return $"runtime:    {Runtime}";
        yield return $"TorchSharp: {TorchSharp} (libtorch {LibTorch}, CPU)";
        yield return $"ONNX Runtime: {OnnxRuntime} (CPU execution provider)";
        yield return $"date:       {Date}";
    }

    private static string AssemblyVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? assembly.GetName().Version?.ToString() ?? "?";

    private static string CpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    /// <summary>The version of the libtorch-cpu package this program was built with, from its deps.json.</summary>
    private static string LibTorchVersion()
    {
        string deps = Path.Combine(AppContext.BaseDirectory, "VectorNN.Peers.deps.json");
        if (!File.Exists(deps))
        {
            return "?";
        }

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(deps));
        if (!document.RootElement.TryGetProperty("libraries", out JsonElement libraries))
        {
            return "?";
        }

        string? name = libraries.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n.StartsWith("libtorch-cpu/", StringComparison.OrdinalIgnoreCase));
        return name is null ? "?" : name[(name.IndexOf('/') + 1)..];
    }
}
