namespace VectorNN.Tests.Oracles;

/// <summary>
/// The losses of <see cref="ReferenceNetwork.Loss"/>. Each defines a per-sample loss; the loss of a batch is the mean
/// over its samples of the per-sample loss (PyTorch's <c>reduction="mean"</c>), so a learning rate means the same at
/// any batch size. Below, o is a sample's output row, t its target row, z the output layer's pre-activation (logits)
/// and K the number of outputs.
/// </summary>
public enum ReferenceLoss
{
    /// <summary>1/2 sum_k (t_k - o_k)^2, the tutorials' E. Any output activation.</summary>
    HalfSumSquaredError,

    /// <summary>(1/K) sum_k (t_k - o_k)^2 (PyTorch's <c>MSELoss</c>). Any output activation.</summary>
    MeanSquaredError,

    /// <summary>
    /// -sum_k t_k log o_k with o = softmax(z), computed from the logits as sum_k t_k (logsumexp(z) - z_k), so log(0)
    /// never occurs. Requires a <see cref="ReferenceActivation.Softmax"/> output layer. For targets that sum to 1 per
    /// sample, d loss / d z = (softmax(z) - t) / batch.
    /// </summary>
    CrossEntropy,

    /// <summary>
    /// (1/K) sum_k -[t_k log o_k + (1 - t_k) log(1 - o_k)] with o = logistic(z), computed from the logit as
    /// max(z, 0) - z t + log(1 + e^-|z|), which neither overflows nor takes log(0). Requires a
    /// <see cref="ReferenceActivation.Logistic"/> output layer. Averaging over the K outputs as well as over the batch
    /// is PyTorch's <c>BCEWithLogitsLoss</c> (mean over all elements); with one output, the usual case, it is the
    /// plain binary cross-entropy.
    /// </summary>
    BinaryCrossEntropy,
}
