using System.Globalization;
using System.Numerics;
using VectorNN.Data;

namespace VectorNN.Tests.Training;

/// <summary>The Iris files of the repository's data folder (copied beside the tests) as one-hot data sets.</summary>
internal static class IrisFiles
{
    private static readonly string[] Species = ["setosa", "versicolor", "virginica"];

    /// <summary>The tutorial's training split: the first 40 samples of each species.</summary>
    public static Dataset<T> Train<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Load<T>("iris-train.csv");

    /// <summary>The tutorial's test split: the last 10 samples of each species.</summary>
    public static Dataset<T> Test<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Load<T>("iris-test.csv");

    private static Dataset<T> Load<T>(string name)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", name))[1..];
        var inputs = new T[lines.Length * 4];
        var labels = new int[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            string[] fields = lines[i].Split(',');
            for (int j = 0; j < 4; j++)
            {
                inputs[(i * 4) + j] = T.CreateTruncating(double.Parse(fields[j], CultureInfo.InvariantCulture));
            }

            labels[i] = Array.IndexOf(Species, fields[4]);
        }

        return Dataset<T>.FromLabels(inputs, 4, labels, 3, Species);
    }
}
