using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VectorNN.Kernels.Ops;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Int8;

/// <summary>
/// The float epilogue of a quantized dense layer, one pass over its 32-bit sums:
/// y[n, r] = float(sums[n, r] - z[n] x rowSums[r]) x (scales[r] x a[n]) + biases[r], then ReLU when asked.
/// </summary>
/// <remarks>
/// The zero-point correction is exact in 32 bits (it is sum_k q[r, k] (u[k] - z), bounded like the sums). Each float
/// step is one correctly rounded operation in that order, with no fused multiply-add, so every width gives the same
/// bits as the scalar expression; the fused ReLU is the exact <see cref="ReluOperator{T}"/>.
/// </remarks>
internal static class Dequantization
{
    // sums: [batch, outputs] i32   y: [batch, outputs]
    public static void Apply(
        ReadOnlySpan<int> sums, ReadOnlySpan<int> rowSums, ReadOnlySpan<float> scales, ReadOnlySpan<float> biases,
        ReadOnlySpan<float> activationScales, ReadOnlySpan<int> zeroPoints, int batch, bool relu, Span<float> y)
    {
        int outputs = rowSums.Length;
        if (outputs == 0 || batch == 0)
        {
            return;
        }

        // One kernel and one width dispatch for the whole block: per sample, they cost as much as a short row's work.
        var kernel = new Kernel(sums, rowSums, scales, biases, activationScales, zeroPoints, batch, relu, y);
        Simd.Run<float, Kernel>(outputs, ref kernel);
    }

    /// <summary>Requires n &gt;= TOps.Count; the last vector of a row overlaps the one before, which rewrites the same values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Apply<TVec, TOps>(in Kernel k, nuint n)
        where TVec : struct
        where TOps : struct, IVectorOps<float, TVec>
    {
        nuint c = (nuint)TOps.Count;
        for (int sample = 0; sample < k.Batch; sample++)
        {
            nuint row = (nuint)sample * n;
            ref int sums = ref Unsafe.Add(ref k.Sums, row);
            ref float y = ref Unsafe.Add(ref k.Y, row);
            TVec a = TOps.Broadcast(Unsafe.Add(ref k.ActivationScales, sample));
            int z = Unsafe.Add(ref k.ZeroPoints, sample);
            for (nuint i = 0; i < n; i += c)
            {
                nuint at = Math.Min(i, n - c);
                TVec t = TOps.Multiply(Corrected<TVec>(ref sums, ref k.RowSums, z, at), TOps.Multiply(TOps.Load(ref k.Scales, at), a));
                t = TOps.Add(t, TOps.Load(ref k.Biases, at));
                TOps.Store(k.Relu ? default(ReluOperator<float>).Invoke<TVec, TOps>(t) : t, ref y, at);
            }
        }
    }

    /// <summary>float(sums[i..] - z rowSums[i..]) in the width of <typeparamref name="TVec"/>: the one step that works on int lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Corrected<TVec>(ref int sums, ref int rowSums, int z, nuint i)
        where TVec : struct
    {
        if (typeof(TVec) == typeof(Vector512<float>))
        {
            Vector512<float> v = Vector512.ConvertToSingle(Vector512.LoadUnsafe(ref sums, i) - (Vector512.LoadUnsafe(ref rowSums, i) * z));
            return Unsafe.As<Vector512<float>, TVec>(ref v);
        }

        if (typeof(TVec) == typeof(Vector256<float>))
        {
            Vector256<float> v = Vector256.ConvertToSingle(Vector256.LoadUnsafe(ref sums, i) - (Vector256.LoadUnsafe(ref rowSums, i) * z));
            return Unsafe.As<Vector256<float>, TVec>(ref v);
        }

        if (typeof(TVec) == typeof(Vector128<float>))
        {
            Vector128<float> v = Vector128.ConvertToSingle(Vector128.LoadUnsafe(ref sums, i) - (Vector128.LoadUnsafe(ref rowSums, i) * z));
            return Unsafe.As<Vector128<float>, TVec>(ref v);
        }

        float s = Unsafe.Add(ref sums, i) - (z * Unsafe.Add(ref rowSums, i));
        return Unsafe.As<float, TVec>(ref s);
    }

    private readonly ref struct Kernel : IWidthKernel<float>
    {
        public readonly ref int Sums;
        public readonly ref int RowSums;
        public readonly ref float Scales;
        public readonly ref float Biases;
        public readonly ref float ActivationScales;
        public readonly ref int ZeroPoints;
        public readonly ref float Y;
        public readonly int Batch;
        public readonly bool Relu;
        private readonly int n;

        public Kernel(
            ReadOnlySpan<int> sums, ReadOnlySpan<int> rowSums, ReadOnlySpan<float> scales, ReadOnlySpan<float> biases,
            ReadOnlySpan<float> activationScales, ReadOnlySpan<int> zeroPoints, int batch, bool relu, Span<float> y)
        {
            n = rowSums.Length;
            Guard.HasLength(sums, batch * n, nameof(sums));
            Guard.HasLength(scales, n, nameof(scales));
            Guard.HasLength(biases, n, nameof(biases));
            Guard.HasLength(activationScales, batch, nameof(activationScales));
            Guard.HasLength(zeroPoints, batch, nameof(zeroPoints));
            Guard.HasLength<float>(y, batch * n, nameof(y));
            Sums = ref Unsafe.AsRef(in sums[0]);
            RowSums = ref Unsafe.AsRef(in rowSums[0]);
            Scales = ref Unsafe.AsRef(in scales[0]);
            Biases = ref Unsafe.AsRef(in biases[0]);
            ActivationScales = ref Unsafe.AsRef(in activationScales[0]);
            ZeroPoints = ref Unsafe.AsRef(in zeroPoints[0]);
            Y = ref y[0];
            Batch = batch;
            Relu = relu;
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<float, TVec> =>
            Apply<TVec, TOps>(this, (nuint)n);
    }
}
