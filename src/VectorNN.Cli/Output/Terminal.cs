using Spectre.Console;

namespace VectorNN.Cli.Output;

/// <summary>Human-readable output: Spectre.Console tables on a terminal, plain text when redirected.</summary>
internal static class Terminal
{
    /// <summary>Whether stdout is a terminal (live progress bars) rather than a file or pipe (plain lines).</summary>
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>A plain line, never wrapped (Spectre.Console would wrap at the console width, 80 when redirected).</summary>
    public static void Line(string text) => Console.Out.WriteLine(text);

    public static void Heading(string text)
    {
        if (IsInteractive)
        {
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(text)}[/]");
        }
        else
        {
            Console.Out.WriteLine(text);
        }
    }

    /// <summary>A table of rows under the given column headers; numbers right-aligned.</summary>
    public static void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned());
        }

        table.Columns[0].LeftAligned();
        foreach (IReadOnlyList<string> row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        AnsiConsole.Write(table);
    }

    /// <summary>A confusion matrix with class names as row (actual) and column (predicted) labels.</summary>
    public static void ConfusionMatrix(int[][] matrix, IReadOnlyList<string>? classes)
    {
        string Name(int i) => classes is not null && i < classes.Count ? classes[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var headers = new List<string> { "actual \\ predicted" };
        headers.AddRange(Enumerable.Range(0, matrix.Length).Select(Name));
        Table(headers, matrix.Select((row, i) => (IReadOnlyList<string>)[Name(i), .. row.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
    }
}
