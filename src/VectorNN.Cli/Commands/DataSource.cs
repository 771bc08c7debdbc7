using System.Numerics;
using VectorNN.Data;

namespace VectorNN.Cli.Commands;

/// <summary>Loads a data file the commands were given: IDX or CSV, told apart by content.</summary>
internal static class DataSource
{
    /// <summary>
    /// Loads <paramref name="path"/>: IDX images (with <paramref name="labelsPath"/>, or the labels file the MNIST naming
    /// convention puts beside them) or CSV (label column <paramref name="label"/>, default the last).
    /// </summary>
    /// <param name="path">The data file.</param>
    /// <param name="labelsPath">IDX only: the labels file, or null for the naming convention.</param>
    /// <param name="label">CSV only: the label column by name or index, or null for the last column.</param>
    /// <param name="classes">The classes of the training set or model, so that labels map to the same outputs; null to discover them.</param>
    public static Dataset<T> Load<T>(string path, string? labelsPath, string? label, IReadOnlyList<string>? classes)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }

        return IdxLoader.IsIdx(path)
            ? IdxLoader.Load<T>(path, labelsPath, classes?.Count)
            : CsvLoader.Load<T>(path, new CsvOptions { Label = label, Classes = classes });
    }

    /// <summary>A copy of <paramref name="data"/> with its inputs rescaled by <paramref name="normalization"/>.</summary>
    public static Dataset<T> Normalized<T>(Dataset<T> data, Normalization normalization)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (normalization.Method == NormalizationMethod.None)
        {
            return data;
        }

        T[] inputs = data.Inputs.ToArray();
        normalization.Apply<T>(inputs);
        return new Dataset<T>(inputs, data.Targets.ToArray(), data.InputWidth, data.TargetWidth, data.ClassNames);
    }
}
