using VectorNN.Data;

namespace VectorNN.Tests.Quantization;

/// <summary>The wine and digits files of the repository's data folder (copied beside the tests), as the CSV loader reads them.</summary>
internal static class SklearnFiles
{
    public static Dataset<float> Wine() => Load("wine.csv");

    public static Dataset<float> Digits() => Load("digits.csv.gz");

    private static Dataset<float> Load(string name) => CsvLoader.Load<float>(Path.Combine(AppContext.BaseDirectory, "data", name));
}
