using ScottPlot;
using VectorNN.Cli.Commands;
using VectorNN.IO;

namespace VectorNN.Cli.Output;

/// <summary>The <c>--plot</c> PNG: loss (left axis) and accuracy (right axis) per epoch, train, validation and test.</summary>
internal static class TrainingPlot
{
    public static void Save(string path, IReadOnlyList<EpochRow> rows)
    {
        try
        {
            Draw(path, rows);
        }
        catch (Exception e) when (IsMissingLibrary(e))
        {
            // ScottPlot draws with SkiaSharp's native library, which a build or publish puts beside the program.
            throw new IOException(
                $"cannot write the plot {path}: the native drawing library libSkiaSharp was not found beside the program in {AppContext.BaseDirectory}", e);
        }
    }

    // The library's absence surfaces as a DllNotFoundException inside the type initializer of whichever type loads it.
    private static bool IsMissingLibrary(Exception? e)
    {
        while (e is not null and not DllNotFoundException)
        {
            e = e.InnerException;
        }

        return e is not null;
    }

    private static void Draw(string path, IReadOnlyList<EpochRow> rows)
    {
        var plot = new Plot();
        double[] epochs = [.. rows.Select(r => (double)r.Epoch)];
        Add(plot, epochs, rows.Select(r => (double?)r.TrainLoss), "train loss", accuracy: false);
        Add(plot, epochs, rows.Select(r => r.ValidationLoss), "validation loss", accuracy: false);
        Add(plot, epochs, rows.Select(r => r.TestLoss), "test loss", accuracy: false);
        Add(plot, epochs, rows.Select(r => r.TrainAccuracy), "train accuracy", accuracy: true);
        Add(plot, epochs, rows.Select(r => r.ValidationAccuracy), "validation accuracy", accuracy: true);
        Add(plot, epochs, rows.Select(r => r.TestAccuracy), "test accuracy", accuracy: true);
        plot.XLabel("epoch");
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Right.Label.Text = "accuracy";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Alignment.UpperCenter);
        // Rendered in memory and written like a model file, so a failed run never leaves half a picture behind.
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(900, 560, ImageFormat.Png));
    }

    private static void Add(Plot plot, double[] epochs, IEnumerable<double?> values, string label, bool accuracy)
    {
        double?[] ys = [.. values];
        if (ys.Length == 0 || ys.Any(v => v is null))
        {
            return;
        }

        var series = plot.Add.Scatter(epochs, ys.Select(v => v!.Value).ToArray());
        series.LegendText = label;
        if (accuracy)
        {
            series.Axes.YAxis = plot.Axes.Right;
            series.LinePattern = LinePattern.Dashed;
        }
    }
}
