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
/// A batch of 16 samples or more goes forward, and its loss gradient back through every layer, in chunks of samples
/// that the worker pool's threads claim one at a time (<see cref="Kernels.Parallelism"/>); the weight gradients then
/// sum over the whole batch in GEMMs split by their outputs. How a batch is cut depends on its size only, so the
/// results do not depend on the number of threads.
/// </para>
/// <para>
/// A small network (every width at most 24) on a batch of up to 4 samples takes a fused path instead: the forward
/// pass, the loss and the backward pass of each sample as straight loops over the parameters, with no kernel call and
/// no argument check per layer, which is where the time of a step as small as Iris's 4-5-3 goes otherwise. It computes
/// the same operations with the same activation functions; only the order of each sum differs, so its results agree
/// with the kernels' path within the rounding error of those sums, and are bit-identical from run to run.
/// </para>
/// <para>
/// One sample without input gradient, through a network whose every width is at most 8 and that has no
/// dropout, goes through <see cref="RegisterRowPass"/> where the processor has the instructions (float: AVX2 and FMA;
/// double: AVX-512): each row of activations and weights in one register, the online SGD step of a network such as
/// Iris's 4-5-3. Its results, too, differ from the other paths only in the order of some sums.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Backpropagation<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[][] activations;
    private readonly T[] logits;
    private readonly T[][] deltas;
    private readonly T[][] masks;
    private readonly T[][] dropped;
    private readonly T[] rows;
    private readonly double[] chunkLosses;
    private readonly SampleChunkJob<T> chunkJob;
    private readonly bool registerRowsFit;
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

        // dL/dz of every layer: the chunks write them all before the weight gradients read them.
        deltas = new T[layers.Length][];
        for (int i = 0; i < layers.Length; i++)
        {
            deltas[i] = new T[activations[i].Length];
        }

        logits = new T[checked(maxBatch * network.OutputCount)];
        chunkLosses = new double[maxBatch];
        chunkJob = new SampleChunkJob<T>(this);
        bool fits = SmallNetworkPass.Fits(network);
        rows = fits ? new T[2 * network.LargestWidth] : [];
        FusedBatchLimit = fits ? SmallNetworkPass.MaxBatch : 0;
        registerRowsFit = RegisterRowPass.Fits(network) && masks.All(m => m.Length == 0);
        RegisterRows = registerRowsFit;
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
    /// Whether a single sample without input gradient takes <see cref="RegisterRowPass"/>: by default for the
    /// networks that fit it and have no dropout. Tests clear it to compare with the other paths.
    /// </summary>
    internal bool RegisterRows
    {
        get;
        set => field = !value || registerRowsFit ? value : throw new InvalidOperationException("The network does not fit the register path, or the processor lacks its instructions.");
    }

    /// <summary>
    /// Whether the last <see cref="ComputeGradients(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, int, Span{T})"/> found
    /// every gradient finite as it wrote them (<see cref="RegisterRowPass"/> does); false when it did not look, or found one
    /// that is not.
    /// </summary>
    internal bool GradientsKnownFinite { get; private set; }

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
        return RunChunks(inputs, targets, default, batch, default, backward: false);
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
        GradientsKnownFinite = false;
        if (!sampleWeights.IsEmpty)
        {
            RequireLength(sampleWeights.Length, batch, nameof(sampleWeights));
            SampleWeights.RequirePositive(sampleWeights, nameof(sampleWeights));
        }

        if (batch == 1 && RegisterRows && inputGradient.IsEmpty)
        {
            lastBatch = 1;
            var buffers = new PassBuffers<T>(activations, logits, masks, dropped, deltas[^1], rows, ApplyDropout);
            double value = RegisterRowPass.ComputeGradients(Network, Loss, inputs, targets, sampleWeights, buffers, Gradients.Values, out bool finite);
            GradientsKnownFinite = finite;
            return value;
        }

        if (batch <= FusedBatchLimit)
        {
            lastBatch = batch;
            var buffers = new PassBuffers<T>(activations, logits, masks, dropped, deltas[^1], rows, ApplyDropout);
            return SmallNetworkPass.ComputeGradients(Network, Loss, inputs, targets, sampleWeights, batch, buffers, Gradients.Values, inputGradient);
        }

        double loss = RunChunks(inputs, targets, sampleWeights, batch, inputGradient, backward: true);

        // The weight gradients sum over the whole batch, one GEMM per layer (split between threads by its outputs).
        ReadOnlySpan<LayerSlice> layers = Network.Parameters.Slices;
        Span<T> gradients = Gradients.Values;
        for (int i = 0; i < layers.Length; i++)
        {
            LayerSlice layer = layers[i];
            ReadOnlySpan<T> x = i == 0 ? inputs : LayerInput(i, 0, batch * layer.Inputs);
            Dense.WeightGradients(layer, gradients, x, deltas[i].AsSpan(0, batch * layer.Outputs), batch);
        }

        return loss;
    }

    /// <summary>
    /// How many rows each chunk of a batch of <paramref name="batch"/> samples holds: the whole batch when it is small,
    /// else half of it up to 64 rows. It depends on the batch only, never on the thread count, so results do not either.
    /// </summary>
    internal int ChunkRows(int batch) =>
        ChunkRowsLimit > 0 ? Math.Min(batch, ChunkRowsLimit)
        : batch < 2 * MinChunkRows ? batch
        : Math.Min(MaxChunkRows, (batch + 1) / 2);

    /// <summary>Tests set it to split even small batches into chunks of at most this many rows; 0 keeps the rule.</summary>
    internal int ChunkRowsLimit { get; set; }

    // Chunks of fewer rows cost more in calls than the split gains; more rows would leave a chunk's GEMMs no more
    // efficient and the threads fewer chunks to balance.
    private const int MinChunkRows = 8;
    private const int MaxChunkRows = 64;

    private int ChunkCount(int batch) => (batch + ChunkRows(batch) - 1) / ChunkRows(batch);

    /// <summary>
    /// Runs the batch forward, and with <paramref name="backward"/> its dL/dz back through every layer (and into
    /// <paramref name="inputGradient"/> unless empty), in chunks of <see cref="ChunkRows"/> samples on the worker
    /// pool's threads; returns the batch loss, the chunks' sums added in chunk order.
    /// </summary>
    /// <remarks>
    /// The first layer's forward GEMM, the largest of the pass, runs over the whole batch before the chunks, split
    /// between threads by its outputs: it packs the weights once rather than once per chunk, and its rows come out the
    /// same however the threads share it.
    /// </remarks>
    private double RunChunks(
        ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<T> weights, int batch, Span<T> inputGradient, bool backward)
    {
        var shares = LossShares.Of(weights, batch);
        int chunks = ChunkCount(batch);
        if (chunks == 1)
        {
            // One chunk runs on this thread, whose GEMMs may still split.
            RunChunk(0, 0, inputs, targets, weights, batch, inputGradient, shares, backward);
        }
        else
        {
            int fromLayer = 0;
            if (Network.Parameters.Slices.Length > 1)
            {
                ForwardLayer(0, inputs, 0, batch);
                fromLayer = 1;
            }

            chunkJob.Run(fromLayer, inputs, targets, weights, batch, inputGradient, shares, backward, chunks);
        }

        lastBatch = batch;
        double sum = 0;
        for (int c = 0; c < chunks; c++)
        {
            sum += chunkLosses[c];
        }

        return sum / shares.Total;
    }

    /// <summary>
    /// Chunk <paramref name="chunk"/> of the batch: its rows forward from layer <paramref name="fromLayer"/> (whose input
    /// is ready) through the last, its loss sum into <see cref="chunkLosses"/>, and with <paramref name="backward"/> its
    /// rows of every layer's dL/dz. Chunks touch only their own rows, so they run on any threads in any order.
    /// </summary>
    internal void RunChunk(
        int chunk, int fromLayer, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<T> weights, int batch,
        Span<T> inputGradient, LossShares shares, bool backward)
    {
        int size = ChunkRows(batch);
        int first = chunk * size;
        int count = Math.Min(size, batch - first);
        ReadOnlySpan<LayerSlice> layers = Network.Parameters.Slices;
        ReadOnlySpan<LayerSpec> specs = Network.Layers;
        ReadOnlySpan<T> parameters = Network.Parameters.Values;
        int last = layers.Length - 1;
        int inputCount = Network.InputCount;
        int outputs = Network.OutputCount;
        for (int i = fromLayer; i <= last; i++)
        {
            int width = layers[i].Inputs;
            ForwardLayer(i, i == 0 ? inputs.Slice(first * width, count * width) : LayerInput(i, first * width, count * width), first, count);
        }

        ReadOnlySpan<T> o = activations[last].AsSpan(first * outputs, count * outputs);
        ReadOnlySpan<T> t = targets.Slice(first * outputs, count * outputs);
        ReadOnlySpan<T> w = weights.IsEmpty ? default : weights.Slice(first, count);
        chunkLosses[chunk] = LossLayer.Sum(Loss, logits.AsSpan(first * outputs, count * outputs), o, t, count, outputs, w);
        if (!backward)
        {
            return;
        }

        // dz of the output layer, then layer by layer dx = dz W, which becomes the previous layer's dz once taken
        // through the mask (d(a m)/da = m) and that layer's activation (in place).
        Span<T> dz = deltas[last].AsSpan(first * outputs, count * outputs);
        LossLayer.Gradient(Loss, Network.OutputActivation, o, t, count, outputs, w, shares, dz);
        for (int i = last; i >= 1; i--)
        {
            LayerSlice layer = layers[i];
            Span<T> dx = deltas[i - 1].AsSpan(first * layer.Inputs, count * layer.Inputs);
            Dense.InputGradient(layer, parameters, dz, count, dx);
            if (Drops(i - 1))
            {
                ElementWise.Multiply<T>(dx, masks[i - 1].AsSpan(first * layer.Inputs, dx.Length), dx);
            }

            ActivationLayer.Backward(specs[i - 1].Activation, activations[i - 1].AsSpan(first * layer.Inputs, dx.Length), dx, count, layer.Inputs, dx);
            dz = dx;
        }

        if (!inputGradient.IsEmpty)
        {
            Dense.InputGradient(layers[0], parameters, dz, count, inputGradient.Slice(first * inputCount, count * inputCount));
        }
    }

    /// <summary>
    /// Rows <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> of layer
    /// <paramref name="layer"/>'s outputs from its input rows <paramref name="x"/>: hidden layers apply their activation
    /// in place and their dropout mask into the masked copy; the output layer keeps its logits, which the cross-entropy
    /// losses need.
    /// </summary>
    private void ForwardLayer(int layer, ReadOnlySpan<T> x, int first, int count)
    {
        LayerSlice slice = Network.Parameters.Slices[layer];
        bool output = layer == activations.Length - 1;
        Span<T> y = activations[layer].AsSpan(first * slice.Outputs, count * slice.Outputs);
        Span<T> z = output ? logits.AsSpan(first * slice.Outputs, y.Length) : y;
        Dense.Forward(slice, Network.Parameters.Values, x, count, z);
        ActivationLayer.Forward(Network.Layers[layer].Activation, z, count, slice.Outputs, y);
        if (!output && Drops(layer))
        {
            ElementWise.Multiply<T>(y, masks[layer].AsSpan(first * slice.Outputs, y.Length), dropped[layer].AsSpan(first * slice.Outputs, y.Length));
        }
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

    /// <summary>
    /// What layer <paramref name="layer"/> (at least 1) reads from <paramref name="start"/> on: the previous layer's
    /// output, masked where it drops.
    /// </summary>
    private ReadOnlySpan<T> LayerInput(int layer, int start, int length) =>
        (Drops(layer - 1) ? dropped[layer - 1] : activations[layer - 1]).AsSpan(start, length);

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
