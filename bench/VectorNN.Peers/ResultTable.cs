using System.Globalization;
using System.Text.Json;

namespace VectorNN.Peers;

/// <summary>
/// VectorNN beside its peer in each section (TorchSharp, or ONNX Runtime for the exported models): one row per
/// section, shape and thread count. The ratio is VectorNN's speed over the peer's (throughput / throughput, or time /
/// time inverted), so above 1 means VectorNN is faster.
/// </summary>
internal static class ResultTable
{
    /// <summary>One row of the table; each figure's spread is half its interquartile range over its median.</summary>
    public sealed record Row(
        string Section, string Shape, int Threads, string Unit, string Peer,
        double? PeerValue, double? PeerSpread, double? VectorNN, double? VectorNNSpread, double? Ratio);

    /// <summary>
    /// Pairs each VectorNN measurement with its peer's of the same section, shape and thread count, keeping the order in
    /// which they were taken. A variant of VectorNN ("VectorNN int8") gets a row of its own, its name after the shape.
    /// </summary>
    public static List<Row> Pair(IReadOnlyList<Measurement> measurements)
    {
        var rows = new List<Row>();
        foreach (var group in measurements.GroupBy(m => (m.Section, m.Shape, m.Threads)))
        {
            Measurement first = group.First();
            string peerName = Workloads.PeerOf(first.Section);
            Measurement? peer = group.FirstOrDefault(m => m.Library == peerName);
            List<Measurement?> ours = [.. group.Where(m => m.Library != peerName)];
            if (ours.Count == 0)
            {
                ours.Add(null);
            }

            foreach (Measurement? vectorNN in ours)
            {
                string shape = vectorNN is null || vectorNN.Library == "VectorNN" ? first.Shape : $"{first.Shape} ({vectorNN.Library["VectorNN ".Length..]})";
                double? ratio = peer?.Value is > 0 && vectorNN?.Value is > 0
                    ? (first.HigherIsBetter ? vectorNN.Value / peer.Value : peer.Value / vectorNN.Value)
                    : null;
                rows.Add(new(first.Section, shape, first.Threads, first.Unit, peerName, peer?.Value, peer?.Spread, vectorNN?.Value, vectorNN?.Spread, ratio));
            }
        }

        return rows;
    }

    /// <summary>Prints the heading and the table.</summary>
    public static void Print(MachineInfo machine, IReadOnlyList<Row> rows, TextWriter output)
    {
        foreach (string line in machine.Lines())
        {
            output.WriteLine(line);
        }

        output.WriteLine($"medians of {Timing.Repetitions} timed repetitions after warm-up (+-: half the interquartile range), float32, each section and library in its own process");
        output.WriteLine("ratio = VectorNN speed / peer speed (above 1: VectorNN faster)");
        output.WriteLine();
        string[] header = ["section", "shape", "threads", "unit", "peer", "peer figure", "VectorNN", "ratio"];
        var cells = rows.Select(r => new[]
        {
            r.Section, r.Shape, r.Threads.ToString(CultureInfo.InvariantCulture), r.Unit, r.Peer,
            Format(r.PeerValue, r.PeerSpread), Format(r.VectorNN, r.VectorNNSpread),
            r.Ratio is double x ? x.ToString("F2", CultureInfo.InvariantCulture) : "-",
        }).ToList();
        int[] widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        bool[] rightAligned = [false, false, true, false, false, true, true, true];
        string Line(string[] values) => string.Join("  ", values.Select((v, i) => rightAligned[i] ? v.PadLeft(widths[i]) : v.PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Line(header));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (string[] row in cells)
        {
            output.WriteLine(Line(row));
        }
    }

    /// <summary>Writes the heading and rows as one JSON object.</summary>
    public static void WriteJson(string path, MachineInfo machine, IReadOnlyList<Row> rows)
    {
        var document = new
        {
            machine,
            repetitions = Timing.Repetitions,
            spread = "half the interquartile range of the repetitions over their median",
            ratio = "VectorNN speed / peer speed; above 1: VectorNN faster",
            rows,
        };
        var options = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        File.WriteAllText(path, JsonSerializer.Serialize(document, options) + Environment.NewLine);
    }

    private static string Format(double? value, double? spread) => value switch
    {
        null => "-",
        >= 1000 => value.Value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.Value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.Value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("F2", CultureInfo.InvariantCulture),
    } + (spread is double s ? $" +-{s * 100:F1}%" : string.Empty);
}
