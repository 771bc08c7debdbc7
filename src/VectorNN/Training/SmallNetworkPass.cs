using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VectorNN.Kernels;
using VectorNN.Kernels.Cores;
using VectorNN.Kernels.Ops;
using VectorNN.Kernels.Widths;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Memory;

namespace VectorNN.Training;

/// <summary>
/// Back-propagation of a small network as straight loops, sample by sample: the forward pass, the loss, dL/dz and
/// every layer's dW, db and dx without a kernel call per layer, so that a step of a network as small as Iris's 4-5-3
/// costs its arithmetic rather than the dispatch of some twenty kernels. <see cref="Backpropagation{T}"/> takes this
/// path for networks whose every width is at most <see cref="MaxWidth"/>, on batches of up to <see cref="MaxBatch"/>,
/// except one sample of a network of widths up to 8, which <see cref="RegisterRowPass"/> takes where the processor has
/// its instructions.
/// </summary>
/// <remarks>
/// <para>
/// The arithmetic is that of the kernels: the matrix-vector products are the kernels' own cores, called without
/// argument checks or threading; the activations and their derivatives are the kernels' operators, tanh, logistic and
/// exp evaluated in double with the accuracy <see cref="ActivationKernels"/> documents and the kernels' bits for the
/// same input. Only some sums run in another order: the softmax's sum and the dot product of its backward pass go left
/// to right, and a batch's weight and bias gradients are summed sample after sample where the kernels use GEMM and
/// column sums. Both orders are within the error bound of a sum of that many terms, and neither depends on the vector
/// width or the number of threads.
/// </para>
/// <para>
/// Callers have checked every shape. The buffers are the pass's own, in its layout: activations and logits
/// [batch x units] per layer, the dropout masks and masked outputs, dz [batch x outputs], and two rows of scratch.
/// The methods are compiled fully optimized on their first call, as the kernel loops are: a step takes a few hundred
/// nanoseconds, and under load the tiered JIT can leave it in unoptimized code for a long while.
/// </para>
/// </remarks>
internal static class SmallNetworkPass
{
    /// <summary>
    /// The widest layer (or input) this path takes: up to it the path measured faster than the kernels' or as fast,
    /// past it no faster, its row-at-a-time activations then costing more than the dispatch it saves (see
    /// bench/RESULTS.md, "A fused path for small networks").
    /// </summary>
    public const int MaxWidth = 24;

    /// <summary>
    /// The largest batch this path takes: it runs sample by sample, so past a few samples the kernels' GEMM, which
    /// shares each weight load among the batch, wins (see bench/RESULTS.md, "A fused path for small networks").
    /// </summary>
    public const int MaxBatch = 4;

    /// <summary>Whether every width of <paramref name="network"/> is small enough for this path.</summary>
    public static bool Fits<T>(Network<T> network)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        network.LargestWidth <= MaxWidth;

    /// <summary>
    /// Overwrites <paramref name="gradients"/> with the gradients of the (weighted) mean batch loss and returns that loss;
    /// writes dL/dx into <paramref name="inputGradient"/> unless it is empty.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="loss">The loss; it fits the output activation.</param>
    /// <param name="inputs">The samples [batch x inputs].</param>
    /// <param name="targets">The targets [batch x outputs].</param>
    /// <param name="weights">Empty, or one positive weight per sample.</param>
    /// <param name="batch">Number of samples.</param>
    /// <param name="buffers">The pass's buffers.</param>
    /// <param name="gradients">Receives every gradient, in the arena's layout.</param>
    /// <param name="inputGradient">Empty, or receives dL/dx [batch x inputs].</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ComputeGradients<T>(
        Network<T> network,
        Loss loss,
        ReadOnlySpan<T> inputs,
        ReadOnlySpan<T> targets,
        ReadOnlySpan<T> weights,
        int batch,
        in PassBuffers<T> buffers,
        Span<T> gradients,
        Span<T> inputGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ReadOnlySpan<LayerSlice> layers = network.Parameters.Slices;
        ReadOnlySpan<LayerSpec> specs = network.Layers;
        Span<T> parameters = network.Parameters.Values;
        int last = layers.Length - 1;
        for (int s = 0; s < batch; s++)
        {
            ReadOnlySpan<T> x = inputs.Slice(s * layers[0].Inputs, layers[0].Inputs);
            for (int i = 0; i <= last; i++)
            {
                LayerSlice layer = layers[i];
                int n = layer.Outputs;
                Span<T> y = buffers.Activations[i].AsSpan(s * n, n);
                Span<T> z = i == last ? buffers.Logits.AsSpan(s * n, n) : y;
                Linear(parameters, layer, x, z);
                Activate(specs[i].Activation, z, y);
                if (i < last && buffers.Drops(i))
                {
                    Span<T> masked = buffers.Dropped[i].AsSpan(s * n, n);
                    Multiply(y, buffers.Masks[i].AsSpan(s * n, n), masked);
                    x = masked;
                }
                else
                {
                    x = y;
                }
            }
        }

        int outputs = network.OutputCount;
        ReadOnlySpan<T> o = buffers.Activations[last].AsSpan(0, batch * outputs);
        double value = LossLayer.Value<T>(loss, buffers.Logits.AsSpan(0, batch * outputs), o, targets, batch, outputs, weights);
        Span<T> outputGradient = buffers.OutputGradient.AsSpan(0, batch * outputs);
        bool throughActivation = LossLayer.OutputGradient(loss, o, targets, batch, outputs, weights, outputGradient);

        // Backward, sample by sample; the first sample's products overwrite, later ones add (the gradient contract).
        gradients.Clear();
        for (int s = 0; s < batch; s++)
        {
            Span<T> dz = outputGradient.Slice(s * outputs, outputs);
            if (throughActivation)
            {
                Derive(specs[last].Activation, o.Slice(s * outputs, outputs), dz, dz);
            }

            for (int i = last; i >= 0; i--)
            {
                LayerSlice layer = layers[i];
                int n = layer.Inputs;
                ReadOnlySpan<T> x = i == 0 ? inputs.Slice(s * n, n) : LayerInput(buffers, i - 1, s, n);
                AccumulateOuter(dz, x, gradients.Slice(layer.WeightOffset, layer.WeightCount));
                Add(dz, gradients.Slice(layer.BiasOffset, layer.Outputs));
                if (i == 0)
                {
                    if (!inputGradient.IsEmpty)
                    {
                        LinearTransposed(parameters, layer, dz, inputGradient.Slice(s * n, n));
                    }

                    break;
                }

                // dx = W^T dz, through the mask (d(a m)/da = m), then the activation's derivative at its unmasked output.
                Span<T> dx = buffers.Rows.AsSpan(dz.Overlaps(buffers.Rows.AsSpan(0, network.LargestWidth)) ? network.LargestWidth : 0, n);
                LinearTransposed(parameters, layer, dz, dx);
                if (buffers.Drops(i - 1))
                {
                    Multiply(dx, buffers.Masks[i - 1].AsSpan(s * n, n), dx);
                }

                Derive(specs[i - 1].Activation, buffers.Activations[i - 1].AsSpan(s * n, n), dx, dx);
                dz = dx;
            }
        }

        return value;
    }

    private static ReadOnlySpan<T> LayerInput<T>(in PassBuffers<T> buffers, int layer, int sample, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        (buffers.Drops(layer) ? buffers.Dropped[layer] : buffers.Activations[layer]).AsSpan(sample * n, n);

    /// <summary>z = W x + b for one sample, with the matrix-vector core the kernels' batch-of-one path uses.</summary>
    private static void Linear<T>(Span<T> parameters, LayerSlice layer, ReadOnlySpan<T> x, Span<T> z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // x: [in]  W: [out, in]  b: [out]  z: [out]
        ref T w = ref parameters[layer.WeightOffset];
        GemvCore.MultiplyInBlocks(
            ref w, ref MemoryMarshal.GetReference(x), ref parameters[layer.BiasOffset], 1, layer.Outputs, layer.Inputs, ref MemoryMarshal.GetReference(z));
    }

    /// <summary>dx = W^T dz for one sample.</summary>
    private static void LinearTransposed<T>(Span<T> parameters, LayerSlice layer, ReadOnlySpan<T> dz, Span<T> dx)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // W: [out, in]  dz: [out]  dx: [in]
        GemvCore.MultiplyTransposed(
            ref parameters[layer.WeightOffset], ref MemoryMarshal.GetReference(dz), 1, layer.Outputs, layer.Inputs, ref MemoryMarshal.GetReference(dx), accumulate: false);
    }

    /// <summary>dW += dz x^T for one sample.</summary>
    private static void AccumulateOuter<T>(ReadOnlySpan<T> dz, ReadOnlySpan<T> x, Span<T> dw)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // dz: [out]  x: [in]  dW: [out, in]
        GerCore.Accumulate(ref MemoryMarshal.GetReference(dz), ref MemoryMarshal.GetReference(x), dz.Length, x.Length, ref MemoryMarshal.GetReference(dw));
    }

    private static void Add<T>(ReadOnlySpan<T> x, Span<T> sum)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int k = 0; k < x.Length; k++)
        {
            sum[k] += x[k];
        }
    }

    private static void Multiply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> product)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int k = 0; k < x.Length; k++)
        {
            product[k] = x[k] * y[k];
        }
    }

    /// <summary>y = f(z) for one sample's row, with the kernels' operators; y may be z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Activate<T>(Activation activation, ReadOnlySpan<T> z, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Activation.Identity: z.CopyTo(y); break;
            case Activation.Logistic: InDouble(z, y, default(LogisticFunction)); break;
            case Activation.Tanh: InDouble(z, y, default(TanhFunction)); break;
            case Activation.Relu: Map(z, y, default(ReluOperator<T>)); break;
            case Activation.LeakyRelu: Map(z, y, new LeakyReluOperator<T>(T.CreateTruncating(ActivationLayer.LeakyReluSlope))); break;
            default: Softmax(z, y); break;
        }
    }

    /// <summary>dz = f'(z) dy from the forward output y of one sample's row; dz may be dy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Derive<T>(Activation activation, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dz)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Activation.Identity: dy.CopyTo(dz); break;
            case Activation.Logistic: Map(y, dy, dz, default(LogisticBackwardOperator<T>)); break;
            case Activation.Tanh: Map(y, dy, dz, default(TanhBackwardOperator<T>)); break;
            case Activation.Relu: Map(y, dy, dz, default(ReluBackwardOperator<T>)); break;
            case Activation.LeakyRelu:
                Map(y, dy, dz, new LeakyReluBackwardOperator<T>(T.CreateTruncating(ActivationLayer.LeakyReluSlope)));
                break;
            default:
                T dot = T.Zero;
                for (int k = 0; k < y.Length; k++)
                {
                    dot = ScalarOps<T>.MultiplyAdd(dy[k], y[k], dot);
                }

                Map(y, dy, dz, new SoftmaxBackwardOperator<T>(dot));
                break;
        }
    }

    /// <summary>The softmax of one row as the kernel computes it: e^(z - max) in double, then divided by the sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Softmax<T>(ReadOnlySpan<T> z, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T max = z[0];
        for (int k = 1; k < z.Length; k++)
        {
            max = T.Max(max, z[k]);
        }

        InDouble(z, y, new ShiftedExpFunction(double.CreateTruncating(max)));
        T sum = T.Zero;
        for (int k = 0; k < y.Length; k++)
        {
            sum += y[k];
        }

        Map(y, y, new DivideOperator<T>(sum));
    }

    /// <summary>
    /// A double-precision function of a row: a row that fits one vector of doubles in one evaluation
    /// (<see cref="ShortRowLoop"/>), a longer one at the kernels' own width, which evaluates as many lanes at once.
    /// </summary>
    private static void InDouble<T, TFunction>(ReadOnlySpan<T> x, Span<T> y, TFunction function)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TFunction : struct, IDoubleFunction
    {
        if (x.Length <= ShortRowLoop.Lanes)
        {
            ShortRowLoop.InDouble(x, y, function);
        }
        else
        {
            ElementWiseLoop.Unary(x, y, new ViaDoubleOperator<T, TFunction>(function));
        }
    }

    private static void Map<T, TOp>(ReadOnlySpan<T> x, Span<T> y, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        for (int k = 0; k < x.Length; k++)
        {
            y[k] = op.Invoke<T, ScalarOps<T>>(x[k]);
        }
    }

    private static void Map<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> result, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator<T>
    {
        for (int k = 0; k < x.Length; k++)
        {
            result[k] = op.Invoke<T, ScalarOps<T>>(x[k], y[k]);
        }
    }
}
