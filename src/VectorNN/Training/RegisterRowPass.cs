using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VectorNN.Kernels.Ops;
using VectorNN.Kernels.Widths;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Memory;

namespace VectorNN.Training;

/// <summary>
/// Back-propagation of one float sample through a network whose every width is at most <see cref="MaxWidth"/>, with each
/// row of activations and of a weight matrix in one 256-bit register: the shape of online SGD on Iris's 4-5-3. A step
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
/// The activations and their derivatives are the kernels' operators at a 256-bit width (tanh, logistic and exp in
/// double, giving the kernels' bits for the same input); the loss value is <see cref="LossLayer"/>'s, and its gradient
/// <see cref="LossLayer"/>'s formulas evaluated on the output register, with the same bits. Only the forward sums, the
/// softmax's sum and the dot product of its derivative (across lanes) run in another order than on the other paths,
/// within the error bound of a sum of at most eight terms. The gradients are checked for finiteness in the registers
/// as they are stored.
/// </para>
/// <para>
/// Lanes past a row's width hold zeros throughout, so they add nothing to the sums. Callers have checked every
/// shape; the pass takes no dropout, sample weights or input gradient (<see cref="Backpropagation{T}"/> sends those
/// elsewhere). The parameter arena is pinned (<see cref="AlignedArray{T}"/>), so its address holds during the call.
/// </para>
/// </remarks>
internal static unsafe class RegisterRowPass
{
    /// <summary>The widest layer (or input) this path takes: one 256-bit register of floats.</summary>
    public const int MaxWidth = 8;

    /// <summary>Whether the processor has the 256-bit instructions the pass is written in.</summary>
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>Whether <paramref name="network"/> is a float network whose every width fits one register.</summary>
    public static bool Fits<T>(Network<T> network)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) && IsSupported && network.LargestWidth <= MaxWidth;

    /// <summary>
    /// Overwrites <paramref name="gradients"/> with the gradients of the sample's loss and returns that loss; leaves the
    /// logits and outputs in <paramref name="buffers"/> as the other paths do. <paramref name="finite"/> says whether every
    /// gradient is finite, read off the registers as they are stored, so the trainer need not pass over them again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ComputeGradients<T>(
        Network<T> network, Loss loss, ReadOnlySpan<T> input, ReadOnlySpan<T> target, in PassBuffers<T> buffers, Span<T> gradients, out bool finite)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ReadOnlySpan<LayerSlice> layers = network.Parameters.Slices;
        ReadOnlySpan<LayerSpec> specs = network.Layers;
        float* parameters = (float*)Unsafe.AsPointer(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(network.Parameters.Values)));
        int last = layers.Length - 1;
        int outputs = layers[last].Outputs;

        // rows[i] is layer i's input, rows[last + 1] the network's output.
        Span<Vector256<float>> rows = stackalloc Vector256<float>[layers.Length + 1];
        Vector256<float> z = default;
        fixed (T* logits = buffers.Logits, o = buffers.Activations[last], dzOut = buffers.OutputGradient, x = input, g = gradients)
        {
            rows[0] = Avx.MaskLoad((float*)x, Lanes(layers[0].Inputs));
            for (int i = 0; i <= last; i++)
            {
                LayerSlice layer = layers[i];
                z = Linear(parameters + layer.WeightOffset, layer.Outputs, layer.Inputs, rows[i]);
                rows[i + 1] = Activate(specs[i].Activation, z, layer.Outputs);
            }

            Vector256<float> outputMask = Lanes(outputs);
            Store((float*)logits, outputMask, z);
            Store((float*)o, outputMask, rows[last + 1]);
            double value = LossLayer.Sample<T>(loss, buffers.Logits.AsSpan(0, outputs), buffers.Activations[last].AsSpan(0, outputs), target);
            Vector256<float> dz = OutputGradient(loss, rows[last + 1], MemoryMarshal.Cast<T, float>(target), outputs);
            Store((float*)dzOut, outputMask, dz);
            if (LossLayer.GoesThroughActivation(loss))
            {
                dz = Derive(specs[last].Activation, rows[last + 1], dz);
            }

            // Any lane that is not finite makes the sum of the gradients times zero NaN.
            Vector256<float> timesZero = Vector256<float>.Zero;
            for (int i = last; i >= 0; i--)
            {
                LayerSlice layer = layers[i];
                Vector256<float> xi = rows[i];
                timesZero += Outer((float*)g + layer.WeightOffset, layer.Outputs, layer.Inputs, dz, xi);
                Vector256<float> db = dz & Lanes(layer.Outputs);
                Store((float*)g + layer.BiasOffset, Lanes(layer.Outputs), db);
                timesZero += db * Vector256<float>.Zero;
                if (i > 0)
                {
                    dz = Derive(specs[i - 1].Activation, xi, Transposed(parameters + layer.WeightOffset, layer.Outputs, layer.Inputs, dz));
                }
            }

            finite = Vector256.EqualsAll(timesZero, Vector256<float>.Zero);
            return value;
        }
    }

    /// <summary>
    /// dL/do of one sample (dL/dz where the loss takes the output activation's derivative in, cross-entropy with softmax
    /// and binary cross-entropy with logistic) from the output row in a register: <see cref="LossLayer.OutputGradient{T}(Loss, ReadOnlySpan{T}, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T})"/>'s
    /// formulas for a batch of one, in double and rounded once, so the same bits (a test compares them for every loss).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> OutputGradient(Loss loss, Vector256<float> o, ReadOnlySpan<float> target, int outputs)
    {
        fixed (float* t = target)
        {
            Vector256<float> targets = Avx.MaskLoad(t, Lanes(outputs));
            if (loss == Loss.CrossEntropy)
            {
                double targetSum = 0;
                for (int k = 0; k < outputs; k++)
                {
                    targetSum += t[k];
                }

                return RoundedDifference(o, targets, outputs, Vector256.Create(targetSum), Vector256<double>.One, product: true);
            }

            double scale = loss switch
            {
                Loss.MeanSquaredError => 2.0 / outputs,
                Loss.BinaryCrossEntropy => 1.0 / outputs,
                _ => 1.0,
            };
            return RoundedDifference(o, targets, outputs, Vector256<double>.One, Vector256.Create(scale), product: false);
        }
    }

    /// <summary>
    /// (o f - t) per lane in double, or s (o - t), rounded to float: one 256-bit vector of doubles per four lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> RoundedDifference(Vector256<float> o, Vector256<float> t, int width, Vector256<double> f, Vector256<double> s, bool product)
    {
        Vector128<float> low = Avx.ConvertToVector128Single(Difference(o.GetLower(), t.GetLower(), f, s, product));
        return width <= Vector256<double>.Count
            ? low.ToVector256()
            : Vector256.Create(low, Avx.ConvertToVector128Single(Difference(o.GetUpper(), t.GetUpper(), f, s, product)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Difference(Vector128<float> o, Vector128<float> t, Vector256<double> f, Vector256<double> s, bool product)
    {
        Vector256<double> od = Avx.ConvertToVector256Double(o);
        Vector256<double> td = Avx.ConvertToVector256Double(t);
        return product ? (od * f) - td : s * (od - td);
    }

    /// <summary>All ones in the lanes below <paramref name="count"/>, zeros above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Lanes(int count) =>
        Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count)).AsSingle();

    /// <summary>Stores the lanes that <paramref name="mask"/> selects; AVX-512's masked store where there is one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* destination, Vector256<float> mask, Vector256<float> value)
    {
        if (Avx512F.VL.IsSupported)
        {
            Avx512F.VL.MaskStore(destination, mask, value);
        }
        else
        {
            Avx.MaskStore(destination, mask, value);
        }
    }

    /// <summary>Lane <paramref name="lane"/> of <paramref name="value"/> in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Broadcast(Vector256<float> value, int lane) =>
        Avx2.PermuteVar8x32(value, Vector256.Create(lane));

    /// <summary>z = W x + b for W [rows x columns] at <paramref name="w"/>, b right after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Linear(float* w, int rows, int columns, Vector256<float> x)
    {
        Vector256<float> mask = Lanes(columns);
        Vector256<float> a0 = Avx.HorizontalAdd(Product(w, 0, rows, columns, mask, x), Product(w, 1, rows, columns, mask, x));
        Vector256<float> a1 = Avx.HorizontalAdd(Product(w, 2, rows, columns, mask, x), Product(w, 3, rows, columns, mask, x));
        Vector256<float> a2 = Avx.HorizontalAdd(Product(w, 4, rows, columns, mask, x), Product(w, 5, rows, columns, mask, x));
        Vector256<float> a3 = Avx.HorizontalAdd(Product(w, 6, rows, columns, mask, x), Product(w, 7, rows, columns, mask, x));

        // Lanes of b0: rows 0-3's sums over columns 0-3, then over columns 4-7; b1 the same for rows 4-7.
        Vector256<float> b0 = Avx.HorizontalAdd(a0, a1);
        Vector256<float> b1 = Avx.HorizontalAdd(a2, a3);
        Vector256<float> sums = Avx.Permute2x128(b0, b1, 0x20) + Avx.Permute2x128(b0, b1, 0x31);
        return sums + Avx.MaskLoad(w + (rows * columns), Lanes(rows));
    }

    /// <summary>Row <paramref name="row"/> of W times x, or zeros past the last row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Product(float* w, int row, int rows, int columns, Vector256<float> mask, Vector256<float> x) =>
        row < rows ? Avx.MaskLoad(w + (row * columns), mask) * x : Vector256<float>.Zero;

    /// <summary>dx = W^T dz: the rows of W scaled by dz's lanes, summed from the first row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Transposed(float* w, int rows, int columns, Vector256<float> dz)
    {
        Vector256<float> mask = Lanes(columns);
        Vector256<float> dx = Avx.MaskLoad(w, mask) * Broadcast(dz, 0);
        for (int j = 1; j < rows; j++)
        {
            dx = Fma.MultiplyAdd(Avx.MaskLoad(w + (j * columns), mask), Broadcast(dz, j), dx);
        }

        return dx;
    }

    /// <summary>dW = dz x^T into the gradient rows at <paramref name="dw"/>; returns the sum of the rows times zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Outer(float* dw, int rows, int columns, Vector256<float> dz, Vector256<float> x)
    {
        Vector256<float> mask = Lanes(columns);
        Vector256<float> timesZero = Vector256<float>.Zero;
        for (int j = 0; j < rows; j++)
        {
            Vector256<float> row = Broadcast(dz, j) * x;
            Store(dw + (j * columns), mask, row);
            timesZero += (row & mask) * Vector256<float>.Zero;
        }

        return timesZero;
    }

    /// <summary>y = f(z) over the first <paramref name="width"/> lanes, zeros past them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Activate(Activation activation, Vector256<float> z, int width)
    {
        Vector256<float> mask = Lanes(width);
        Vector256<float> y = activation switch
        {
            Activation.Identity => z,
            Activation.Logistic => InDouble(z, width, default(LogisticFunction)),
            Activation.Tanh => InDouble(z, width, default(TanhFunction)),
            Activation.Relu => default(ReluOperator<float>).Invoke<Vector256<float>, Vector256Ops<float>>(z),
            Activation.LeakyRelu => new LeakyReluOperator<float>((float)ActivationLayer.LeakyReluSlope).Invoke<Vector256<float>, Vector256Ops<float>>(z),
            _ => Softmax(z, mask, width),
        };
        return y & mask;
    }

    /// <summary>dz = f'(z) dy from the forward output y; zeros stay zeros past the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Derive(Activation activation, Vector256<float> y, Vector256<float> dy) => activation switch
    {
        Activation.Identity => dy,
        Activation.Logistic => default(LogisticBackwardOperator<float>).Invoke<Vector256<float>, Vector256Ops<float>>(y, dy),
        Activation.Tanh => default(TanhBackwardOperator<float>).Invoke<Vector256<float>, Vector256Ops<float>>(y, dy),
        Activation.Relu => default(ReluBackwardOperator<float>).Invoke<Vector256<float>, Vector256Ops<float>>(y, dy),
        Activation.LeakyRelu => new LeakyReluBackwardOperator<float>((float)ActivationLayer.LeakyReluSlope).Invoke<Vector256<float>, Vector256Ops<float>>(y, dy),
        _ => new SoftmaxBackwardOperator<float>(Vector256Ops<float>.Sum(dy * y)).Invoke<Vector256<float>, Vector256Ops<float>>(y, dy),
    };

    /// <summary>e^(z - max) in double over the row, divided by its sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Softmax(Vector256<float> z, Vector256<float> mask, int width)
    {
        Vector256<float> m = Vector256.ConditionalSelect(mask, z, Vector256.Create(float.NegativeInfinity));
        m = Avx.Max(m, Avx.Permute2x128(m, m, 0x01));
        m = Avx.Max(m, Avx.Shuffle(m, m, 0b01_00_11_10));
        m = Avx.Max(m, Avx.Shuffle(m, m, 0b10_11_00_01));
        Vector256<float> e = InDouble(z, width, new ShiftedExpFunction(m.ToScalar())) & mask;
        return new DivideOperator<float>(Vector256Ops<float>.Sum(e)).Invoke<Vector256<float>, Vector256Ops<float>>(e);
    }

    /// <summary>
    /// A double-precision function of the first <paramref name="width"/> lanes, evaluated as the kernels evaluate it
    /// for float data (each lane widened, computed, rounded once): one 256-bit vector of doubles up to four lanes, one
    /// 512-bit vector up to eight where there is AVX-512, else two 256-bit ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> InDouble<TFunction>(Vector256<float> z, int width, TFunction function)
        where TFunction : struct, IDoubleFunction
    {
        if (width <= Vector256<double>.Count)
        {
            Vector256<double> low = function.Invoke<Vector256<double>, Vector256Ops<double>>(Avx.ConvertToVector256Double(z.GetLower()), true);
            return Avx.ConvertToVector128Single(low).ToVector256();
        }

        if (Avx512F.IsSupported)
        {
            return Avx512F.ConvertToVector256Single(function.Invoke<Vector512<double>, Vector512Ops<double>>(Avx512F.ConvertToVector512Double(z), true));
        }

        Vector256<double> lower = function.Invoke<Vector256<double>, Vector256Ops<double>>(Avx.ConvertToVector256Double(z.GetLower()), true);
        Vector256<double> upper = function.Invoke<Vector256<double>, Vector256Ops<double>>(Avx.ConvertToVector256Double(z.GetUpper()), true);
        return Vector256.Create(Avx.ConvertToVector128Single(lower), Avx.ConvertToVector128Single(upper));
    }
}

