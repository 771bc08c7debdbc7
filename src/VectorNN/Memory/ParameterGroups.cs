namespace VectorNN.Memory;

/// <summary>The parameter groups of a dense layer, for freezing some of them (see <see cref="ParameterArena{T}.Freeze"/>).</summary>
[Flags]
public enum ParameterGroups
{
    /// <summary>No parameters.</summary>
    None = 0,

    /// <summary>The weight matrix [out x in].</summary>
    Weights = 1,

    /// <summary>The bias vector [out].</summary>
    Biases = 2,

    /// <summary>Weights and biases.</summary>
    All = Weights | Biases,
}
