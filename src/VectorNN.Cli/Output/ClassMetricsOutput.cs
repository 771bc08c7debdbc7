using System.Globalization;
using VectorNN.Training;

namespace VectorNN.Cli.Output;

/// <summary>Per-class precision, recall and F1 and their macro averages, as a table or as <c>--json</c> keys.</summary>
internal static class ClassMetricsOutput
{
    /// <summary>Adds <c>precision</c>, <c>recall</c>, <c>f1</c> (one per class) and <c>macro_precision</c>, <c>macro_recall</c>, <c>macro_f1</c>.</summary>
    public static void Write(JsonReport report, Evaluation e) =>
        report.Numbers("precision", e.Precision).Numbers("recall", e.Recall).Numbers("f1", e.F1)
            .Number("macro_precision", e.MacroPrecision).Number("macro_recall", e.MacroRecall).Number("macro_f1", e.MacroF1);

    /// <summary>A row per class and one for the macro average.</summary>
    public static void Print(Evaluation e, IReadOnlyList<string>? classes)
    {
        static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
        string Name(int i) => classes is not null && i < classes.Count ? classes[i] : i.ToString(CultureInfo.InvariantCulture);
        var rows = new List<IReadOnlyList<string>>();
        for (int c = 0; c < e.Precision.Count; c++)
        {
            rows.Add([Name(c), F(e.Precision[c]), F(e.Recall[c]), F(e.F1[c])]);
        }

        rows.Add(["macro average", F(e.MacroPrecision), F(e.MacroRecall), F(e.MacroF1)]);
        Terminal.Table(["class", "precision", "recall", "f1"], rows);
    }
}
