using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using VectorNN.Tests.Data;

namespace VectorNN.Tests.Generators;

/// <summary>A well-formed labelled CSV text and its number of feature columns.</summary>
/// <param name="Text">Header, then rows of numbers and a class name.</param>
/// <param name="FeatureCount">Numbers per row.</param>
public sealed record ValidCsv(string Text, int FeatureCount)
{
    /// <summary>Keeps failure reports readable.</summary>
    public override string ToString() => $"ValidCsv({FeatureCount} features, {Text.Length} characters)";
}

/// <summary>A well-formed pair of IDX files: images [count x rows x columns] and their labels.</summary>
/// <param name="Images">The images file.</param>
/// <param name="Labels">The labels file.</param>
/// <param name="Count">The number of images.</param>
public sealed record ValidIdx(byte[] Images, byte[] Labels, int Count)
{
    /// <summary>Keeps failure reports readable.</summary>
    public override string ToString() => $"ValidIdx({Count} images, {Images.Length} + {Labels.Length} bytes)";
}

/// <summary>FsCheck arbitraries for the loader fuzz properties.</summary>
public static class DataFileCases
{
    private static readonly char[] CsvAlphabet = [.. "0123456789,.,-+eE \t\"\"\n\n\rabcNaIfiny"];

    /// <summary>Text that looks like CSV half the time (separators, digits, quotes, line breaks), any string otherwise.</summary>
    public static Arbitrary<string> Text() =>
        Gen.OneOf(
            Gen.Elements(CsvAlphabet).ArrayOf().Select(c => new string(c)),
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty)).ToArbitrary();

    /// <summary>Random bytes, up to a few hundred.</summary>
    public static Arbitrary<byte[]> Bytes() =>
        Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().ToArbitrary();

    /// <summary>One to five features, one to twenty rows, one to three classes.</summary>
    public static Arbitrary<ValidCsv> Csv() =>
        (from features in Gen.Choose(1, 5)
         from rows in Gen.Choose(1, 20)
         from values in Gen.Choose(-10000, 10000).ArrayOf(rows * features)
         from labels in Gen.Elements("setosa", "versicolor", "virginica").ArrayOf(rows)
         select new ValidCsv(CsvText(features, values, labels), features)).ToArbitrary();

    /// <summary>One to ten images of 1..5 x 1..5 random pixels, labels 0..9.</summary>
    public static Arbitrary<ValidIdx> Idx() =>
        (from count in Gen.Choose(1, 10)
         from rows in Gen.Choose(1, 5)
         from columns in Gen.Choose(1, 5)
         from pixels in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(count * rows * columns)
         from labels in Gen.Choose(0, 9).Select(b => (byte)b).ArrayOf(count)
         select new ValidIdx(IdxFiles.Images(count, rows, columns, pixels), IdxFiles.Labels(labels), count)).ToArbitrary();

    private static string CsvText(int features, int[] values, string[] labels)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Enumerable.Range(0, features).Select(j => $"f{j}")).Append(",species\n");
        for (int i = 0; i < labels.Length; i++)
        {
            for (int j = 0; j < features; j++)
            {
                text.Append((values[(i * features) + j] / 100.0).ToString(CultureInfo.InvariantCulture)).Append(',');
            }

            text.Append(labels[i]).Append('\n');
        }

        return text.ToString();
    }
}
