using System.Numerics;
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
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Backpropagation<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[][] activations;
    private readonly T[] logits;
    private readonly T[] deltaA;
    private readonly T[] deltaB;
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

        logits = new T[checked(maxBatch * network.OutputCount)];
        deltaA = new T[checked(maxBatch * network.LargestWidth)];
        deltaB = new T[deltaA.Length];
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
    public double ComputeGradients(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int batch, Span<T> inputGradient)
    {
        Validate(inputs, targets, batch, inputGradient);
        Forward(inputs, batch);
        int outputs = Network.OutputCount;
        double loss = LossLayer.Value<T>(Loss, Logits(batch), Outputs, targets, batch, outputs);

        ReadOnlySpan<LayerSlice> layers = Network.Parameters.Slices;
        ReadOnlySpan<LayerSpec> specs = Network.Layers;
        ReadOnlySpan<T> parameters = Network.Parameters.Values;
        Span<T> gradients = Gradients.Values;

        // dz of the output layer, then layer by layer: dW, db, and dx = dz W, which becomes the previous layer's dz
        // once taken through that layer's activation (in place).
        Span<T> dz = deltaA.AsSpan(0, batch * outputs);
        LossLayer.Gradient<T>(Loss, Network.OutputActivation, Outputs, targets, batch, outputs, dz);
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            LayerSlice layer = layers[i];
            ReadOnlySpan<T> x = i == 0 ? inputs : activations[i - 1].AsSpan(0, batch * layer.Inputs);
            Span<T> dx = i == 0 ? inputGradient : (dz.Overlaps(deltaA) ? deltaB : deltaA).AsSpan(0, batch * layer.Inputs);
            Dense.Backward(layer, parameters, gradients, x, dz, batch, dx);
            if (i > 0)
            {
                ActivationLayer.Backward(specs[i - 1].Activation, x, dx, batch, layer.Inputs, dx);
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
            x = y;
        }

        lastBatch = batch;
    }

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
