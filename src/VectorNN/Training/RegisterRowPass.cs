using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VectorNN.Kernels.Ops;
using VectorNN.Kernels.Widths;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Memory;

namespace VectorNN.Training;

/// <summary>
/// Back-propagation of one sample through a network whose every width is at most <see cref="MaxWidth"/>, with each row
/// of activations and of a weight matrix in one register (floats in 256 bits with AVX2 and FMA, <see cref="SingleRows"/>;
/// doubles in 512 bits with AVX-512, <see cref="DoubleRows"/>): the shape of online SGD on Iris's 4-5-3. A step
/// of such a network is one chain of dependent operations, so its time is latency; here no value goes through memory
/// element by element between the layers, where <see cref="SmallNetworkPass"/> passes rows through spans and widens the
/// rows of its double-precision functions through a stack buffer.
/// </summary>
/// <remarks>
/// <para>
/// A layer's products are its weight rows (masked loads, zeros past the row) times the input register, summed across
/// lanes by a tree of horizontal additions: output j is ((p0 + p1) + (p2 + p3)) + ((p4 + p5) + (p6 + p7)) of row j's
/// products, then plus its bias. dx = W^T dz is the FMA chain over the rows from the first, dW is dz_j x row by row
/// and db is dz, as <see cref="SmallNetworkPass"/> computes them (so the backward pass has its bits for the same dz).
/// The activations and their derivatives are the kernels' operators at the register's width (tanh, logistic and exp
/// in double, giving the kernels' bits for the same input); the loss value is <see cref="LossLayer"/>'s, and its gradient
/// <see cref="LossLayer"/>'s formulas evaluated on the output register, with the same bits. Only the forward sums, the
/// softmax's sum and the dot product of its derivative (across lanes) run in another order than on the other paths,
/// within the error bound of a sum of at most eight terms. The gradients are checked for finiteness in the registers
/// as they are stored.
/// </para>
/// <para>
/// Lanes past a row's width hold zeros throughout, so they add nothing to the sums. Callers have checked every
/// shape; the pass takes no dropout or input gradient (<see cref="Backpropagation{T}"/> sends those elsewhere). The parameter arena is pinned (<see cref="AlignedArray{T}"/>), so its address holds during the call.
/// </para>
/// </remarks>
internal static unsafe class RegisterRowPass
{
    /// <summary>The widest layer (or input) this path takes: eight lanes, one register of either element type.</summary>
    public const int MaxWidth = 8;

    /// <summary>Whether the processor has the instructions of <typeparamref name="T"/>'s registers.</summary>
    public static bool IsSupported<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? SingleRows.IsSupported : typeof(T) == typeof(double) && DoubleRows.IsSupported;

    /// <summary>Whether every width of <paramref name="network"/> fits one register on this processor.</summary>
    public static bool Fits<T>(Network<T> network)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        IsSupported<T>() && network.LargestWidth <= MaxWidth;

    /// <summary>
    /// Overwrites <paramref name="gradients"/> with the gradients of the sample's loss (weighted by the one element of
    /// <paramref name="weight"/>, or not when it is empty) and returns that loss; leaves the logits and outputs in
    /// <paramref name="buffers"/> as the other paths do. <paramref name="finite"/> says whether every gradient is finite,
    /// read off the registers as they are stored, so the trainer need not pass over them again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ComputeGradients<T>(
        Network<T> network,
        Loss loss,
        ReadOnlySpan<T> input,
        ReadOnlySpan<T> target,
        ReadOnlySpan<T> weight,
        in PassBuffers<T> buffers,
        Span<T> gradients,
        out bool finite)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? Run<float, Vector256<float>, Vector256Ops<float>, SingleRows>(
                (Network<float>)(object)network,
                loss,
                MemoryMarshal.Cast<T, float>(input),
                MemoryMarshal.Cast<T, float>(target),
                MemoryMarshal.Cast<T, float>(weight),
                Unsafe.As<PassBuffers<T>, PassBuffers<float>>(ref Unsafe.AsRef(in buffers)),
                MemoryMarshal.Cast<T, float>(gradients),
                out finite)
            : Run<double, Vector512<double>, Vector512Ops<double>, DoubleRows>(
                (Network<double>)(object)network,
                loss,
                MemoryMarshal.Cast<T, double>(input),
                MemoryMarshal.Cast<T, double>(target),
                MemoryMarshal.Cast<T, double>(weight),
                Unsafe.As<PassBuffers<T>, PassBuffers<double>>(ref Unsafe.AsRef(in buffers)),
                MemoryMarshal.Cast<T, double>(gradients),
                out finite);

    /// <summary>
    /// dL/do of one sample (dL/dz where the loss takes the output activation's derivative in, cross-entropy with softmax
    /// and binary cross-entropy with logistic) from the output row in a register: <see cref="LossLayer.OutputGradient{T}(Loss, ReadOnlySpan{T}, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T})"/>'s
    /// formulas for a batch of one whose loss weighs <paramref name="share"/> (1 without sample weights), in double and
    /// rounded once, so the same bits (a test compares them for every loss).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVec OutputGradient<T, TVec, TRows>(Loss loss, TVec o, ReadOnlySpan<T> target, int outputs, double share)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TRows : IRowRegister<T, TVec>
    {
        fixed (T* t = target)
        {
            TVec targets = TRows.Load(t, TRows.Lanes(outputs));
            if (loss == Loss.CrossEntropy)
            {
                double targetSum = 0;
                for (int k = 0; k < outputs; k++)
                {
                    targetSum += double.CreateTruncating(t[k]);
                }

                return TRows.Difference(o, targets, outputs, targetSum, share, product: true);
            }

            double scale = loss switch
            {
                Loss.MeanSquaredError => 2.0 / outputs * share,
                Loss.BinaryCrossEntropy => share / outputs,
                _ => 1.0 * share,
            };
            return TRows.Difference(o, targets, outputs, 1, scale, product: false);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Run<T, TVec, TOps, TRows>(
        Network<T> network,
        Loss loss,
        ReadOnlySpan<T> input,
        ReadOnlySpan<T> target,
        ReadOnlySpan<T> weight,
        in PassBuffers<T> buffers,
        Span<T> gradients,
        out bool finite)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : unmanaged
        where TOps : IVectorOps<T, TVec>
        where TRows : IRowRegister<T, TVec>
    {
        ReadOnlySpan<LayerSlice> layers = network.Parameters.Slices;
        ReadOnlySpan<LayerSpec> specs = network.Layers;
        T* parameters = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(network.Parameters.Values));
        int last = layers.Length - 1;
        int outputs = layers[last].Outputs;

        // rows[i] is layer i's input, rows[last + 1] the network's output.
        Span<TVec> rows = stackalloc TVec[layers.Length + 1];
        TVec z = TOps.Zero;
        fixed (T* logits = buffers.Logits, o = buffers.Activations[last], dzOut = buffers.OutputGradient, x = input, g = gradients)
        {
            rows[0] = TRows.Load(x, TRows.Lanes(layers[0].Inputs));
            for (int i = 0; i <= last; i++)
            {
                LayerSlice layer = layers[i];
                z = Linear<T, TVec, TOps, TRows>(parameters + layer.WeightOffset, layer.Outputs, layer.Inputs, rows[i]);
                rows[i + 1] = Activate<T, TVec, TOps, TRows>(specs[i].Activation, z, layer.Outputs);
            }

            TVec outputMask = TRows.Lanes(outputs);
            TRows.Store(logits, outputMask, z);
            TRows.Store(o, outputMask, rows[last + 1]);

            // A weighted sample's loss is its own (w L / w), and its gradient's share w (1 / w), as the other paths compute them.
            ReadOnlySpan<T> logitRow = buffers.Logits.AsSpan(0, outputs), outputRow = buffers.Activations[last].AsSpan(0, outputs);
            double value = weight.IsEmpty
                ? LossLayer.Sample(loss, logitRow, outputRow, target)
                : LossLayer.Value(loss, logitRow, outputRow, target, 1, outputs, weight);
            double share = weight.IsEmpty ? 1 : LossShares.Of(weight, 1).Share(weight, 0);
            TVec dz = OutputGradient<T, TVec, TRows>(loss, rows[last + 1], target, outputs, share);
            TRows.Store(dzOut, outputMask, dz);
            if (LossLayer.GoesThroughActivation(loss))
            {
                dz = Derive<T, TVec, TOps>(specs[last].Activation, rows[last + 1], dz);
            }

            // Any lane that is not finite makes the sum of the gradients times zero NaN.
            TVec timesZero = TOps.Zero;
            for (int i = last; i >= 0; i--)
            {
                LayerSlice layer = layers[i];
                TVec xi = rows[i];
                TVec outputLanes = TRows.Lanes(layer.Outputs);
                timesZero = TOps.Add(timesZero, Outer<T, TVec, TOps, TRows>(g + layer.WeightOffset, layer.Outputs, layer.Inputs, dz, xi));
                TVec db = TRows.Keep(dz, outputLanes);
                TRows.Store(g + layer.BiasOffset, outputLanes, db);
                timesZero = TOps.Add(timesZero, TOps.Multiply(db, TOps.Zero));
                if (i > 0)
                {
                    dz = Derive<T, TVec, TOps>(specs[i - 1].Activation, xi, Transposed<T, TVec, TOps, TRows>(parameters + layer.WeightOffset, layer.Outputs, layer.Inputs, dz));
                }
            }

            finite = TRows.AllZero(timesZero);
            return value;
        }
    }

    /// <summary>z = W x + b for W [rows x columns] at <paramref name="w"/>, b right after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Linear<T, TVec, TOps, TRows>(T* w, int rows, int columns, TVec x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
        where TRows : IRowRegister<T, TVec>
    {
        TVec mask = TRows.Lanes(columns);
        TVec sums = TRows.SumRows(
            Product<T, TVec, TOps, TRows>(w, 0, rows, columns, mask, x),
            Product<T, TVec, TOps, TRows>(w, 1, rows, columns, mask, x),
            Product<T, TVec, TOps, TRows>(w, 2, rows, columns, mask, x),
            Product<T, TVec, TOps, TRows>(w, 3, rows, columns, mask, x),
            Product<T, TVec, TOps, TRows>(w, 4, rows, columns, mask, x),
            Product<T, TVec, TOps, TRows>(w, 5, rows, columns, mask, x),
            Product<T, TVec, TOps, TRows>(w, 6, rows, columns, mask, x),
            Product<T, TVec, TOps, TRows>(w, 7, rows, columns, mask, x));
        return TOps.Add(sums, TRows.Load(w + (rows * columns), TRows.Lanes(rows)));
    }

    /// <summary>Row <paramref name="row"/> of W times x, or zeros past the last row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Product<T, TVec, TOps, TRows>(T* w, int row, int rows, int columns, TVec mask, TVec x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
        where TRows : IRowRegister<T, TVec> =>
        row < rows ? TOps.Multiply(TRows.Load(w + (row * columns), mask), x) : TOps.Zero;

    /// <summary>dx = W^T dz: the rows of W scaled by dz's lanes, summed from the first row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Transposed<T, TVec, TOps, TRows>(T* w, int rows, int columns, TVec dz)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
        where TRows : IRowRegister<T, TVec>
    {
        TVec mask = TRows.Lanes(columns);
        TVec dx = TOps.Multiply(TRows.Load(w, mask), TRows.Broadcast(dz, 0));
        for (int j = 1; j < rows; j++)
        {
            dx = TOps.MultiplyAdd(TRows.Load(w + (j * columns), mask), TRows.Broadcast(dz, j), dx);
        }

        return dx;
    }

    /// <summary>dW = dz x^T into the gradient rows at <paramref name="dw"/>; returns the sum of the rows times zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Outer<T, TVec, TOps, TRows>(T* dw, int rows, int columns, TVec dz, TVec x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
        where TRows : IRowRegister<T, TVec>
    {
        TVec mask = TRows.Lanes(columns);
        TVec timesZero = TOps.Zero;
        for (int j = 0; j < rows; j++)
        {
            TVec row = TOps.Multiply(TRows.Broadcast(dz, j), x);
            TRows.Store(dw + (j * columns), mask, row);
            timesZero = TOps.Add(timesZero, TOps.Multiply(TRows.Keep(row, mask), TOps.Zero));
        }

        return timesZero;
    }

    /// <summary>y = f(z) over the first <paramref name="width"/> lanes, zeros past them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Activate<T, TVec, TOps, TRows>(Activation activation, TVec z, int width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
        where TRows : IRowRegister<T, TVec>
    {
        TVec mask = TRows.Lanes(width);
        TVec y = activation switch
        {
            Activation.Identity => z,
            Activation.Logistic => TRows.InDouble(z, width, default(LogisticFunction)),
            Activation.Tanh => TRows.InDouble(z, width, default(TanhFunction)),
            Activation.Relu => default(ReluOperator<T>).Invoke<TVec, TOps>(z),
            Activation.LeakyRelu => new LeakyReluOperator<T>(T.CreateTruncating(ActivationLayer.LeakyReluSlope)).Invoke<TVec, TOps>(z),
            _ => Softmax<T, TVec, TOps, TRows>(z, mask, width),
        };
        return TRows.Keep(y, mask);
    }

    /// <summary>dz = f'(z) dy from the forward output y; zeros stay zeros past the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Derive<T, TVec, TOps>(Activation activation, TVec y, TVec dy)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
    {
        return activation switch
        {
            Activation.Identity => dy,
            Activation.Logistic => default(LogisticBackwardOperator<T>).Invoke<TVec, TOps>(y, dy),
            Activation.Tanh => default(TanhBackwardOperator<T>).Invoke<TVec, TOps>(y, dy),
            Activation.Relu => default(ReluBackwardOperator<T>).Invoke<TVec, TOps>(y, dy),
            Activation.LeakyRelu => new LeakyReluBackwardOperator<T>(T.CreateTruncating(ActivationLayer.LeakyReluSlope)).Invoke<TVec, TOps>(y, dy),
            _ => new SoftmaxBackwardOperator<T>(TOps.Sum(TOps.Multiply(dy, y))).Invoke<TVec, TOps>(y, dy),
        };
    }

    /// <summary>e^(z - max) in double over the row, divided by its sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Softmax<T, TVec, TOps, TRows>(TVec z, TVec mask, int width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
        where TRows : IRowRegister<T, TVec>
    {
        T max = TRows.MaxAcross(TOps.Select(mask, z, TOps.Broadcast(T.NegativeInfinity)));
        TVec e = TRows.Keep(TRows.InDouble(z, width, new ShiftedExpFunction(double.CreateTruncating(max))), mask);
        return new DivideOperator<T>(TOps.Sum(e)).Invoke<TVec, TOps>(e);
    }
}
