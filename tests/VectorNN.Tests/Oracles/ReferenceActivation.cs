namespace VectorNN.Tests.Oracles;

/// <summary>
/// The activation a dense layer of <see cref="ReferenceNetwork"/> applies to its pre-activation z = W x + b.
/// </summary>
public enum ReferenceActivation
{
    /// <summary>f(z) = z.</summary>
    Identity,

    /// <summary>f(z) = 1 / (1 + e^-z), evaluated without overflow for either sign of z.</summary>
    Logistic,

    /// <summary>f(z) = tanh z.</summary>
    Tanh,

    /// <summary>f(z) = max(z, 0). Not differentiable at 0: finite differences across the kink are not derivatives.</summary>
    Relu,

    /// <summary>f(z) = z for z &gt; 0, otherwise <see cref="ReferenceNetwork.LeakyReluSlope"/> * z.</summary>
    LeakyRelu,

    /// <summary>
    /// Row-wise (per sample) softmax over the layer's outputs, e^(z_k - m) / sum_j e^(z_j - m) with m the row maximum,
    /// so no exponential overflows.
    /// </summary>
    Softmax,
}
