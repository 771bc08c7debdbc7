namespace VectorNN.Layers;

/// <summary>The function a dense layer applies to its pre-activation z = W x + b.</summary>
public enum Activation
{
    /// <summary>y = z: a linear layer (regression outputs).</summary>
    Identity,

    /// <summary>y = 1 / (1 + e^-z), the tutorials' "sigmoid".</summary>
    Logistic,

    /// <summary>y = tanh z.</summary>
    Tanh,

    /// <summary>y = max(z, 0).</summary>
    Relu,

    /// <summary>y = z for z &gt;= 0, else <see cref="ActivationLayer.LeakyReluSlope"/> z.</summary>
    LeakyRelu,

    /// <summary>y_k = e^(z_k) / sum_j e^(z_j) over the layer's outputs; the output layer only.</summary>
    Softmax,
}
