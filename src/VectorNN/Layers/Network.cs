using System.Numerics;
using VectorNN.Kernels;
using VectorNN.Memory;

namespace VectorNN.Layers;

/// <summary>
/// A multi-layer perceptron: a stack of dense layers, each computing y = f(W x + b), with every weight and bias in one
/// <see cref="ParameterArena{T}"/>.
/// </summary>
/// <remarks>
/// <para>
/// Parameter order (<see cref="GetParameters()"/>, <see cref="SetParameters"/>, <see cref="Parameters"/>), weights and
/// biases together: layer by layer,
/// the weight matrix [out x in] row-major, then the bias [out]. Row r of a weight matrix holds the weights into output
/// r, as PyTorch's <c>Linear.weight</c>.
/// </para>
/// <para>
/// Prediction reads the parameters and per-thread scratch only, so any number of threads may predict at once on a
/// network that is not being trained or modified.
/// </para>
/// </remarks>
/// <typeparam name="T">
/// <see cref="float"/> or <see cref="double"/>, the only element types supported (<see cref="ElementTypes"/>): the
/// constraint also admits <see cref="Half"/> and other IEEE types, which the constructor refuses with a
/// <see cref="NotSupportedException"/>.
/// </typeparam>
public sealed class Network<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly LayerSpec[] layers;
    private readonly int[] widths;

    /// <summary>Creates a network with zero weights; call <see cref="Initialize"/> or <see cref="SetParameters"/> next.</summary>
    /// <param name="inputs">Width of an input sample, at least 1.</param>
    /// <param name="layers">The layers from the first hidden one to the output layer; at least one.</param>
    /// <exception cref="ArgumentException">
    /// No layers, a width below 1, an undefined activation, <see cref="Activation.Softmax"/> on a layer other than the last,
    /// or a <see cref="LayerSpec.DropoutRate"/> on the last.
    /// </exception>
    /// <exception cref="NotSupportedException">
    /// <typeparamref name="T"/> is neither float nor double (for example <see cref="Half"/>), see <see cref="ElementTypes"/>.
    /// </exception>
    public Network(int inputs, params ReadOnlySpan<LayerSpec> layers)
    {
        ElementTypes.Require<T>();
        if (inputs < 1)
        {
            throw new ArgumentException($"Expected an input width >= 1, got {inputs}.", nameof(inputs));
        }

        if (layers.IsEmpty)
        {
            throw new ArgumentException("Expected at least one layer, got none.", nameof(layers));
        }

        var widths = new int[layers.Length + 1];
        widths[0] = inputs;
        for (int i = 0; i < layers.Length; i++)
        {
            LayerSpec layer = layers[i];
            if (layer.Units < 1)
            {
                throw new ArgumentException($"Layer {i}: expected at least 1 unit, got {layer.Units}.", nameof(layers));
            }

            if (!Enum.IsDefined(layer.Activation))
            {
                throw new ArgumentException($"Layer {i}: expected a defined Activation, got {(int)layer.Activation}.", nameof(layers));
            }

            if (layer.Activation == Activation.Softmax && i != layers.Length - 1)
            {
                throw new ArgumentException(
                    $"Layer {i}: softmax is allowed on the output layer only (layer {layers.Length - 1}).", nameof(layers));
            }

            if (layer.DropoutRate > 0 && i == layers.Length - 1)
            {
                throw new ArgumentException(
                    $"Layer {i}: dropout is allowed after hidden layers only, not on the output layer (rate {layer.DropoutRate}).", nameof(layers));
            }

            widths[i + 1] = layer.Units;
        }

        this.layers = layers.ToArray();
        this.widths = widths;
        Parameters = new ParameterArena<T>(widths);
        LargestWidth = widths.Max();
        WidestLayer = widths.Skip(1).Max();
    }

    /// <summary>Width of an input sample.</summary>
    public int InputCount => widths[0];

    /// <summary>Width of an output sample: the last layer's units.</summary>
    public int OutputCount => widths[^1];

    /// <summary>The layers, first hidden layer first.</summary>
    public ReadOnlySpan<LayerSpec> Layers => layers;

    /// <summary>The input width, then each layer's width (e.g. 784, 256, 128, 10).</summary>
    public ReadOnlySpan<int> Widths => widths;

    /// <summary>The activation of the output layer.</summary>
    public Activation OutputActivation => layers[^1].Activation;

    /// <summary>The largest of the input and layer widths.</summary>
    public int LargestWidth { get; }

    /// <summary>The largest layer width, the input's not counted: the most values a layer writes per sample.</summary>
    internal int WidestLayer { get; }

    /// <summary>All weights and biases, and which of them are frozen (gradients belong to the training pass).</summary>
    public ParameterArena<T> Parameters { get; }

    /// <summary>Number of weights and biases.</summary>
    public int ParameterCount => Parameters.Count;

    /// <summary>Returns a copy of every parameter (weights and biases) in the documented order.</summary>
    public T[] GetParameters() => Parameters.Values.ToArray();

    /// <summary>Copies every parameter, in the documented order, into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not exactly <see cref="ParameterCount"/> long.</exception>
    public void GetParameters(Span<T> destination)
    {
        RequireParameterLength(destination.Length, nameof(destination));
        Parameters.Values.CopyTo(destination);
    }

    /// <summary>Sets every parameter from <paramref name="values"/>, in the documented order.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="values"/> is not exactly <see cref="ParameterCount"/> long, or holds NaN or an infinity (the
    /// network is then left unchanged).
    /// </exception>
    public void SetParameters(ReadOnlySpan<T> values)
    {
        RequireParameterLength(values.Length, nameof(values));
        if (!Reduce.AllFinite(values))
        {
            int i = IndexOfNonFinite(values);
            throw new ArgumentException($"Expected finite parameters, got {values[i]} at index {i}.", nameof(values));
        }

        values.CopyTo(Parameters.Values);
    }

    /// <summary>Draws every weight and bias afresh; the same seed gives the same parameters.</summary>
    /// <exception cref="ArgumentException">A <see cref="WeightInit.Uniform"/> with non-finite bounds or Low &gt; High.</exception>
    public void Initialize(WeightInit init, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(init);
        if (init is WeightInit.Uniform u && !(double.IsFinite(u.Low) && double.IsFinite(u.High) && u.Low <= u.High))
        {
            throw new ArgumentException($"Expected finite bounds with Low <= High, got [{u.Low}, {u.High}).", nameof(init));
        }

        var random = new DeterministicRandom(seed);
        Span<T> values = Parameters.Values;
        foreach (LayerSlice layer in Parameters.Slices)
        {
            (double low, double high, double biasLow, double biasHigh) = init.Bounds(layer.Inputs, layer.Outputs);
            Draw(values.Slice(layer.WeightOffset, layer.WeightCount), random, low, high);
            Draw(values.Slice(layer.BiasOffset, layer.Outputs), random, biasLow, biasHigh);
        }
    }

    /// <summary>Stops optimizers from updating <paramref name="groups"/> of layer <paramref name="layer"/> (0 = first hidden layer).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such layer, or undefined group bits.</exception>
    public void Freeze(int layer, ParameterGroups groups) => Parameters.Freeze(layer, groups);

    /// <summary>Lets optimizers update <paramref name="groups"/> of layer <paramref name="layer"/> again (0 = first hidden layer).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such layer, or undefined group bits.</exception>
    public void Unfreeze(int layer, ParameterGroups groups) => Parameters.Unfreeze(layer, groups);

    /// <summary>Computes the outputs for one sample with the matrix-vector kernels. Safe to call from several threads at once.</summary>
    /// <param name="input">The sample, <see cref="InputCount"/> values.</param>
    /// <param name="output">Receives <see cref="OutputCount"/> values (for softmax outputs, the class probabilities).</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Predict(ReadOnlySpan<T> input, Span<T> output) => Predict(input, 1, output);

    /// <summary>
    /// Computes the outputs for a batch of samples with the GEMM kernels (one sample: the matrix-vector kernels). Safe
    /// to call from several threads at once; each thread's scratch is allocated on its first call and reused after.
    /// </summary>
    /// <param name="inputs">The samples [batch x <see cref="InputCount"/>], row-major.</param>
    /// <param name="batch">Number of samples, at least 1.</param>
    /// <param name="outputs">Receives [batch x <see cref="OutputCount"/>].</param>
    /// <exception cref="ArgumentException">The batch is below 1, or a span is not exactly as long as the batch needs.</exception>
    public void Predict(ReadOnlySpan<T> inputs, int batch, Span<T> outputs) =>
        Predict(inputs, batch, outputs, Parallelism.ProcessDefault);

    /// <summary>
    /// As <see cref="Predict(ReadOnlySpan{T}, int, Span{T})"/>, with the kernels of this call limited to
    /// <paramref name="maxDegreeOfParallelism"/> threads, the calling thread included.
    /// </summary>
    /// <param name="inputs">The samples [batch x <see cref="InputCount"/>], row-major.</param>
    /// <param name="batch">Number of samples, at least 1.</param>
    /// <param name="outputs">Receives [batch x <see cref="OutputCount"/>].</param>
    /// <param name="maxDegreeOfParallelism">
    /// At least 1, or <see cref="Parallelism.ProcessDefault"/> (-1) for the process default
    /// <see cref="Parallelism.MaxThreads"/>, as <see cref="ParallelOptions.MaxDegreeOfParallelism"/>. Results do not depend on it.
    /// </param>
    /// <exception cref="ArgumentException">The batch is below 1, or a span is not exactly as long as the batch needs.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public void Predict(ReadOnlySpan<T> inputs, int batch, Span<T> outputs, int maxDegreeOfParallelism)
    {
        Parallelism.Validate(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        if (batch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Expected a batch of at least 1 sample, got {batch}.");
        }

        RequireLength(inputs.Length, (long)batch * InputCount, nameof(inputs), "inputs");
        RequireLength(outputs.Length, (long)batch * OutputCount, nameof(outputs), "outputs");
        using Parallelism.Scope limit = Parallelism.Limit(maxDegreeOfParallelism);
        if (InferenceBlocks<T>.Splits(this, batch))
        {
            InferenceBlocks<T>.Run(this, inputs, batch, outputs);
        }
        else
        {
            Forward(inputs, batch, outputs, batch);
        }
    }

    /// <summary>
    /// Runs <paramref name="rows"/> samples through every layer into <paramref name="outputs"/>, with the products tiled
    /// for a batch of <paramref name="pathRows"/> (the rows, or the batch they are a block of; see <see cref="InferenceBlocks{T}"/>).
    /// </summary>
    internal void Forward(ReadOnlySpan<T> inputs, int rows, Span<T> outputs, int pathRows)
    {
        int last = layers.Length - 1;

        // The second half starts on a cache line, as the first does (InferenceScratch).
        int half = ((rows * WidestLayer) + 15) & ~15;
        Span<T> scratch = last == 0 ? default : InferenceScratch<T>.Rent(2 * half);
        ReadOnlySpan<T> x = inputs;
        ReadOnlySpan<T> parameters = Parameters.Values;
        for (int i = 0; i <= last; i++)
        {
            LayerSlice layer = Parameters.Slices[i];
            Span<T> y = i == last ? outputs : scratch.Slice((i & 1) * half, rows * layer.Outputs);
            Dense.Forward(layer, parameters, x, rows, y, pathRows);
            ActivationLayer.Forward(layers[i].Activation, y, rows, layer.Outputs, y);
            x = y;
        }
    }

    private static void Draw(Span<T> destination, DeterministicRandom random, double low, double high)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = T.CreateTruncating(low + ((high - low) * random.NextDouble()));
        }
    }

    private static int IndexOfNonFinite(ReadOnlySpan<T> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private void RequireParameterLength(int length, string paramName) =>
        RequireLength(length, ParameterCount, paramName, "parameters");

    private static void RequireLength(int length, long expected, string paramName, string what)
    {
        if (length != expected)
        {
            throw new ArgumentException($"Expected {expected} {what}, got {length}.", paramName);
        }
    }
}
