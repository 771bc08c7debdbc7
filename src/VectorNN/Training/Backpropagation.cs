using System.Numerics;
using VectorNN.Data;
using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Memory;

namespace VectorNN.Training;

/// <summary>
/// The forward and backward pass of a <see cref="Network{T}"/> over batches of up to <see cref="MaxBatch"/> samples,
/// with activation and delta buffers sized once: every weight and bias gradient, and on request the input gradient,
/// of the mean batch loss.
/// </summary>
/// <remarks>
/// <para>
/// The pass owns its <see cref="Gradients"/>; the network owns only the parameters, so passes (and trainers) on one
/// network never share gradients. The gradient contract: <see cref="ComputeGradients(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/>
/// overwrites every gradient with the current batch's, so nothing needs clearing between steps (the GEMM writes dW
/// without reading it). To accumulate over micro-batches, add each batch's <see cref="GradientBuffer{T}.Values"/> into a
/// buffer of one's own, weighted by its share of the samples.
/// </para>
/// <para>
/// Over a batch the weight gradients are one GEMM per layer, dW = dZ^T X; a batch of one takes the matrix-vector
/// kernels instead. After the first call on a thread, a call allocates nothing. An instance is not thread-safe; use
/// one per thread.
/// </para>
/// <para>
/// A small network (every width at most 24) on a batch of up to 4 samples takes a fused path instead: the forward
/// pass, the loss and the backward pass of each sample as straight loops over the parameters, with no kernel call and
/// no argument check per layer, which is where the time of a step as small as Iris's 4-5-3 goes otherwise. It computes
/// the same operations with the same activation functions; only the order of each sum differs, so its results agree
/// with the kernels' path within the rounding error of those sums, and are bit-identical from run to run.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Backpropagation<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[][] activations;
    private readonly T[] logits;
    private readonly T[] deltaA;
    private readonly T[] deltaB;
    private readonly T[][] masks;
    private readonly T[][] dropped;
    private readonly T[] rows;
    private int lastBatch;

    /// <summary>Creates the buffers for <paramref name="network"/> and batches of up to <paramref name="maxBatch"/> samples.</summary>
    /// <exception cref="ArgumentException">The loss does not fit the network's output activation.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBatch"/> is below 1.</exception>
    public Backpropagation(Network<T> network, Loss loss, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(network);
        LossLayer.RequireFit(loss, network.OutputActivation, nameof(loss));
        if (maxBatch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, $"Expected a batch size of at least 1, got {maxBatch}.");
        }

        Network = network;
        Loss = loss;
        MaxBatch = maxBatch;
        Gradients = new GradientBuffer<T>(network.Parameters);
        ReadOnlySpan<LayerSlice> layers = network.Parameters.Slices;
        activations = new T[layers.Length][];
        for (int i = 0; i < layers.Length; i++)
        {
            activations[i] = new T[checked(maxBatch * layers[i].Outputs)];
        }

        // Dropout buffers only for the hidden layers that drop: the mask, and the masked output the next layer reads
        // (the unmasked output stays in activations for the activation's derivative).
        masks = new T[layers.Length][];
        dropped = new T[layers.Length][];
        ReadOnlySpan<LayerSpec> specs = network.Layers;
        for (int i = 0; i < layers.Length; i++)
        {
            bool drops = specs[i].DropoutRate > 0;
            masks[i] = drops ? new T[activations[i].Length] : [];
            dropped[i] = drops ? new T[activations[i].Length] : [];
        }

        logits = new T[checked(maxBatch * network.OutputCount)];
        deltaA = new T[checked(maxBatch * network.LargestWidth)];
        deltaB = new T[deltaA.Length];
        bool fits = SmallNetworkPass.Fits(network);
        rows = fits ? new T[2 * network.LargestWidth] : [];
        FusedBatchLimit = fits ? SmallNetworkPass.MaxBatch : 0;
    }

    /// <summary>The network whose gradients are computed.</summary>
    public Network<T> Network { get; }

    /// <summary>
    /// The gradients of the last <see cref="ComputeGradients(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/>, in the layout of the
    /// network's <see cref="Network{T}.Parameters"/>; each call overwrites them.
    /// </summary>
    public GradientBuffer<T> Gradients { get; }

    /// <summary>The loss whose gradient is computed.</summary>
    public Loss Loss { get; }

    /// <summary>The largest batch a call accepts.</summary>
    public int MaxBatch { get; }

    /// <summary>
    /// The largest batch for which <see cref="ComputeGradients(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, int, Span{T})"/>
    /// takes <see cref="SmallNetworkPass"/>: <see cref="SmallNetworkPass.MaxBatch"/> for networks that fit it, else 0.
    /// Tests set it to compare the two paths on any batch.
    /// </summary>
    internal int FusedBatchLimit
    {
        get;
        set => field = value == 0 || rows.Length > 0 ? value : throw new InvalidOperationException("The network is too wide for the fused path.");
    }

    /// <summary>
    /// Whether the forward pass applies the hidden layers' dropout masks (<see cref="DropoutMask"/>); false (the default)
    /// runs the network as prediction does. <see cref="Trainer{T}"/> turns it on and draws fresh masks for every step.
    /// </summary>
    public bool ApplyDropout { get; set; }

    /// <summary>
    /// The dropout mask of hidden layer <paramref name="layer"/> [<see cref="MaxBatch"/> x units], row-major, used for the
    /// first batch x units entries while <see cref="ApplyDropout"/> is on: the layer's output is multiplied by it
    /// element-wise, so an entry is 0 (dropped) or 1 / (1 - rate) (kept, inverted dropout), or any value a test fixes.
    /// Empty for a layer whose <see cref="LayerSpec.DropoutRate"/> is 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is not a layer index.</exception>
    public Span<T> DropoutMask(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, masks.Length);
        return masks[layer];
    }

    /// <summary>The network's outputs [batch x outputs] for the last batch passed forward.</summary>
    public ReadOnlySpan<T> Outputs => activations[^1].AsSpan(0, lastBatch * Network.OutputCount);

    /// <summary>
    /// Runs the batch forward and returns its loss (the mean over samples), without touching the gradients.
    /// </summary>
    /// <param name="inputs">The samples [batch x inputs], row-major.</param>
    /// <param name="targets">The targets [batch x outputs], row-major.</param>
    /// <param name="batch">Number of samples, 1 to <see cref="MaxBatch"/>.</param>
    /// <exception cref="ArgumentException">The batch is out of range or a span is not exactly as long as the batch needs.</exception>
    public double ComputeLoss(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int batch)
    {
        Validate(inputs, targets, batch, default);
        Forward(inputs, batch);
        return LossLayer.Value<T>(Loss, Logits(batch), Outputs, targets, batch, Network.OutputCount);
    }

    /// <summary>
    /// Overwrites <see cref="Gradients"/> with the gradients of the batch loss, and returns that loss (the mean over samples
    /// of the per-sample loss).
    /// </summary>
    /// <param name="inputs">The samples [batch x inputs], row-major.</param>
    /// <param name="targets">The targets [batch x outputs], row-major.</param>
    /// <param name="batch">Number of samples, 1 to <see cref="MaxBatch"/>.</param>
    /// <exception cref="ArgumentException">The batch is out of range or a span is not exactly as long as the batch needs.</exception>
    public double ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int batch) =>
        ComputeGradients(inputs, targets, batch, default);

    /// <summary>
    /// As <see cref="ComputeGradients(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/>, and also writes the gradient of the
    /// batch loss with respect to each input into <paramref name="inputGradient"/> [batch x inputs] (skipped when empty).
    /// </summary>
    /// <param name="inputs">The samples [batch x inputs], row-major.</param>
    /// <param name="targets">The targets [batch x outputs], row-major.</param>
    /// <param name="batch">Number of samples, 1 to <see cref="MaxBatch"/>.</param>
    /// <param name="inputGradient">Empty, or receives dL/dx [batch x inputs].</param>
    /// <exception cref="ArgumentException">The batch is out of range or a span is not exactly as long as the batch needs.</exception>
    public double ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int batch, Span<T> inputGradient) =>
        ComputeGradients(inputs, targets, default, batch, inputGradient);

    /// <summary>
    /// As <see cref="ComputeGradients(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/> for a weighted batch: the batch loss is the
    /// weighted mean sum_s w_s L_s / sum_s w_s (PyTorch's weighted cross-entropy with reduction "mean" in the one-hot
    /// case), and the gradients are its exact derivatives. Weights that are all equal give the unweighted mean.
    /// </summary>
    /// <param name="inputs">The samples [batch x inputs], row-major.</param>
    /// <param name="targets">The targets [batch x outputs], row-major.</param>
    /// <param name="sampleWeights">One positive, finite weight per sample; empty for the unweighted mean.</param>
    /// <param name="batch">Number of samples, 1 to <see cref="MaxBatch"/>.</param>
    /// <exception cref="ArgumentException">
    /// The batch is out of range, a span is not exactly as long as the batch needs, or a weight is not positive and finite.
    /// </exception>
    public double ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<T> sampleWeights, int batch) =>
        ComputeGradients(inputs, targets, sampleWeights, batch, default);

    /// <summary>
    /// As <see cref="ComputeGradients(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/>, and also writes the
    /// gradient of the weighted batch loss with respect to each input into <paramref name="inputGradient"/> (skipped when empty).
    /// </summary>
    /// <param name="inputs">The samples [batch x inputs], row-major.</param>
    /// <param name="targets">The targets [batch x outputs], row-major.</param>
    /// <param name="sampleWeights">One positive, finite weight per sample; empty for the unweighted mean.</param>
    /// <param name="batch">Number of samples, 1 to <see cref="MaxBatch"/>.</param>
    /// <param name="inputGradient">Empty, or receives dL/dx [batch x inputs].</param>
    /// <exception cref="ArgumentException">
    /// The batch is out of range, a span is not exactly as long as the batch needs, or a weight is not positive and finite.
    /// </exception>
    public double ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<T> sampleWeights, int batch, Span<T> inputGradient)
    {
        Validate(inputs, targets, batch, inputGradient);
        if (!sampleWeights.IsEmpty)
        {
            RequireLength(sampleWeights.Length, batch, nameof(sampleWeights));
            SampleWeights.RequirePositive(sampleWeights, nameof(sampleWeights));
        }

        if (batch <= FusedBatchLimit)
        {
            lastBatch = batch;
            var buffers = new PassBuffers<T>(activations, logits, masks, dropped, deltaA, rows, ApplyDropout);
            return SmallNetworkPass.ComputeGradients(Network, Loss, inputs, targets, sampleWeights, batch, buffers, Gradients.Values, inputGradient);
        }

        Forward(inputs, batch);
        int outputs = Network.OutputCount;
        double loss = LossLayer.Value<T>(Loss, Logits(batch), Outputs, targets, batch, outputs, sampleWeights);

        ReadOnlySpan<LayerSlice> layers = Network.Parameters.Slices;
        ReadOnlySpan<LayerSpec> specs = Network.Layers;
        ReadOnlySpan<T> parameters = Network.Parameters.Values;
        Span<T> gradients = Gradients.Values;

        // dz of the output layer, then layer by layer: dW, db, and dx = dz W, which becomes the previous layer's dz
        // once taken through that layer's activation (in place).
        Span<T> dz = deltaA.AsSpan(0, batch * outputs);
        LossLayer.Gradient<T>(Loss, Network.OutputActivation, Outputs, targets, batch, outputs, sampleWeights, dz);
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            LayerSlice layer = layers[i];
            int n = batch * layer.Inputs;
            ReadOnlySpan<T> x = i == 0 ? inputs : LayerInput(i, n);
            Span<T> dx = i == 0 ? inputGradient : (dz.Overlaps(deltaA) ? deltaB : deltaA).AsSpan(0, n);
            Dense.Backward(layer, parameters, gradients, x, dz, batch, dx);
            if (i > 0)
            {
                // Through the mask (d(a m)/da = m), then the activation's derivative at its unmasked output.
                if (Drops(i - 1))
                {
                    ElementWise.Multiply<T>(dx, masks[i - 1].AsSpan(0, n), dx);
                }

                ActivationLayer.Backward(specs[i - 1].Activation, activations[i - 1].AsSpan(0, n), dx, batch, layer.Inputs, dx);
                dz = dx;
            }
        }

        return loss;
    }

    private ReadOnlySpan<T> Logits(int batch) => logits.AsSpan(0, batch * Network.OutputCount);

    private void Forward(ReadOnlySpan<T> inputs, int batch)
    {
        ReadOnlySpan<LayerSlice> layers = Network.Parameters.Slices;
        ReadOnlySpan<LayerSpec> specs = Network.Layers;
        ReadOnlySpan<T> parameters = Network.Parameters.Values;
        ReadOnlySpan<T> x = inputs;
        int last = layers.Length - 1;
        for (int i = 0; i <= last; i++)
        {
            // Hidden layers apply their activation in place; the output layer keeps its logits, which the
            // cross-entropy losses need.
            LayerSlice layer = layers[i];
            Span<T> y = activations[i].AsSpan(0, batch * layer.Outputs);
            Span<T> z = i == last ? logits.AsSpan(0, y.Length) : y;
            Dense.Forward(layer, parameters, x, batch, z);
            ActivationLayer.Forward(specs[i].Activation, z, batch, layer.Outputs, y);
            if (i < last && Drops(i))
            {
                ElementWise.Multiply<T>(y, masks[i].AsSpan(0, y.Length), dropped[i].AsSpan(0, y.Length));
            }

            x = i < last ? LayerInput(i + 1, y.Length) : y;
        }

        lastBatch = batch;
    }

    /// <summary>
    /// Draws every dropping layer's mask for <paramref name="batch"/> samples from <paramref name="random"/>: each entry
    /// is dropped (0) with the layer's rate, else kept and scaled by 1 / (1 - rate), layer by layer, sample by sample.
    /// </summary>
    internal void DrawDropoutMasks(DeterministicRandom random, int batch)
    {
        ReadOnlySpan<LayerSpec> specs = Network.Layers;
        for (int i = 0; i < masks.Length; i++)
        {
            if (masks[i].Length == 0)
            {
                continue;
            }

            double rate = specs[i].DropoutRate;
            T keep = T.CreateTruncating(1 / (1 - rate));
            Span<T> mask = masks[i].AsSpan(0, batch * specs[i].Units);
            for (int j = 0; j < mask.Length; j++)
            {
                mask[j] = random.NextDouble() < rate ? T.Zero : keep;
            }
        }
    }

    private bool Drops(int layer) => ApplyDropout && masks[layer].Length > 0;

    /// <summary>What layer <paramref name="layer"/> (at least 1) reads: the previous layer's output, masked where it drops.</summary>
    private ReadOnlySpan<T> LayerInput(int layer, int length) =>
        (Drops(layer - 1) ? dropped[layer - 1] : activations[layer - 1]).AsSpan(0, length);

    private void Validate(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int batch, Span<T> inputGradient)
    {
        if (batch < 1 || batch > MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Expected a batch of 1 to {MaxBatch} samples, got {batch}.");
        }

        RequireLength(inputs.Length, batch * Network.InputCount, nameof(inputs));
        RequireLength(targets.Length, batch * Network.OutputCount, nameof(targets));
        if (!inputGradient.IsEmpty)
        {
            RequireLength(inputGradient.Length, batch * Network.InputCount, nameof(inputGradient));
        }
    }

    private static void RequireLength(int length, int expected, string paramName)
    {
        if (length != expected)
        {
            throw new ArgumentException($"Expected {expected} values for the batch, got {length}.", paramName);
        }
    }
}
