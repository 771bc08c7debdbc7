namespace VectorNN.Data;

/// <summary>How <see cref="Normalization"/> rescales each input feature.</summary>
public enum NormalizationMethod
{
    /// <summary>Features are used as they are.</summary>
    None,

    /// <summary>(x - mean) / standard deviation (population), from the training set.</summary>
    ZScore,

    /// <summary>(x - min) / (max - min), from the training set: training features land in [0, 1].</summary>
    MinMax,
}
