namespace VectorNN.Losses;

/// <summary>
/// A training loss. Each defines a per-sample loss; the loss of a batch is the mean over its samples (PyTorch's
/// <c>reduction="mean"</c>), so a learning rate means the same at any batch size. Below, o is a sample's output, t its
/// target, z the output layer's pre-activation (logits) and K the number of outputs.
/// </summary>
/// <remarks>
/// Gradients are the exact derivatives of these definitions. With a softmax output and a squared-error loss, that
/// takes the full softmax Jacobian: dL/dz_j = o_j (g_j - sum_k g_k o_k) with g = dL/do. The per-output shortcut
/// o_j (1 - o_j) g_j of the classic Iris tutorial is the Jacobian's diagonal alone and is not the gradient.
/// </remarks>
public enum Loss
{
    /// <summary>1/2 sum_k (t_k - o_k)^2, the tutorials' E. Any output activation.</summary>
    HalfSumSquaredError,

    /// <summary>(1/K) sum_k (t_k - o_k)^2 (PyTorch's <c>MSELoss</c>). Any output activation.</summary>
    MeanSquaredError,

    /// <summary>
    /// -sum_k t_k log o_k with o = softmax(z), fused with the softmax: computed from the logits as
    /// sum_k t_k (logsumexp(z) - z_k), so log(0) never occurs. Requires a <see cref="Layers.Activation.Softmax"/>
    /// output layer. dL/dz = o sum_k t_k - t, which is o - t for one-hot targets.
    /// </summary>
    CrossEntropy,

    /// <summary>
    /// (1/K) sum_k -[t_k log o_k + (1 - t_k) log(1 - o_k)] with o = logistic(z), computed from the logit as
    /// max(z, 0) - z t + log(1 + e^-|z|), which neither overflows nor takes log(0). Requires a
    /// <see cref="Layers.Activation.Logistic"/> output layer. Averaging over the outputs as well is PyTorch's
    /// <c>BCEWithLogitsLoss</c>; with one output it is the plain binary cross-entropy. dL/dz = (o - t) / K.
    /// </summary>
    BinaryCrossEntropy,
}
