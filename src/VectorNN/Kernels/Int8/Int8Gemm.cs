using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels.Int8;

/// <summary>
/// Exact 8-bit matrix products for quantized inference: 32-bit sums of unsigned 8-bit activations times signed 8-bit
/// weights, with both operands laid out along the shared dimension as a dense layer's input and weights are.
/// </summary>
/// <remarks>
/// <para>
/// Every instruction set gives bit-identical sums, equal to the plain integer loop, as long as each true sum fits in
/// 32 bits: with weights in [-128, 127] and activations in [0, 255] that holds for any row of at most
/// <see cref="MaxColumns"/> columns. Longer rows wrap around (two's complement) as the scalar loop would.
/// </para>
/// <para>
/// The instruction set is chosen once per process (<see cref="InstructionSet"/>): AVX-VNNI where the processor and the
/// runtime allow it, else AVX-512BW when 512-bit vectors are in use (<see cref="Simd.Width"/>), else AVX2, else SSE2,
/// else scalar. The runtime switches that narrow <see cref="Simd.Width"/> narrow this choice too, and
/// <c>DOTNET_EnableAVXVNNI=0</c> alone turns VNNI off.
/// </para>
/// </remarks>
public static class Int8Gemm
{
    /// <summary>The longest row whose sums cannot overflow 32 bits: 2^31 - 1 divided by 255 x 128.</summary>
    public const int MaxColumns = int.MaxValue / (255 * 128);

    /// <summary>The instruction set this process uses.</summary>
    public static Int8InstructionSet InstructionSet { get; } = Select();

    // x: [batch, columns] u8   w: [rows, columns] s8   y: [batch, rows] i32
    /// <summary>y[n, r] = sum over k of x[n, k] * w[r, k], exactly, for every sample n and weight row r.</summary>
    /// <param name="x">Activations [<paramref name="batch"/> x <paramref name="columns"/>], row-major.</param>
    /// <param name="w">Weights [<paramref name="rows"/> x <paramref name="columns"/>], row-major (a dense layer's [out x in]).</param>
    /// <param name="batch">Samples, &gt;= 0.</param>
    /// <param name="rows">Weight rows (outputs per sample), &gt;= 0.</param>
    /// <param name="columns">The shared dimension, &gt;= 0.</param>
    /// <param name="y">Receives [<paramref name="batch"/> x <paramref name="rows"/>]; it must not overlap the inputs.</param>
    /// <remarks>
    /// The kernels read the weights in a packed layout (16 rows x 4 consecutive columns per 64-byte load); this call
    /// packs <paramref name="w"/> into a new array every time. To multiply by the same weights again, pack them once
    /// (<see cref="Int8PackedWeights"/>) and call <see cref="Multiply(ReadOnlySpan{byte}, int, Int8PackedWeights, int, Span{int}, int)"/>,
    /// which allocates nothing; <see cref="Quantization.QuantizedNetwork"/> packs each layer once when it is built.
    /// </remarks>
    /// <exception cref="ArgumentException">A negative dimension, or a span shorter than its dimensions need.</exception>
    public static void Multiply(ReadOnlySpan<byte> x, ReadOnlySpan<sbyte> w, int batch, int rows, int columns, Span<int> y) =>
        Multiply(InstructionSet, x, w, batch, rows, columns, y);

    // x: [batch, xStride] u8   w: packed [rows, columns]   y: [batch, yStride] i32
    /// <summary>
    /// y[n, r] = sum over k of x[n, k] * w[r, k], exactly, with weights packed once; allocates nothing.
    /// </summary>
    /// <param name="x">
    /// Activations: sample n's bytes start at n x <paramref name="xStride"/>, and each sample's row must be readable
    /// for <see cref="Int8PackedWeights.PaddedColumns"/> bytes (the bytes past the columns meet zero weights and may hold anything).
    /// </param>
    /// <param name="xStride">Bytes from one sample's start to the next's, at least <see cref="Int8PackedWeights.PaddedColumns"/>.</param>
    /// <param name="w">The packed weights.</param>
    /// <param name="batch">Samples, &gt;= 0.</param>
    /// <param name="y">Receives sample n's <see cref="Int8PackedWeights.Rows"/> sums at n x <paramref name="yStride"/>; the rest is untouched.</param>
    /// <param name="yStride">Sums from one sample's start to the next's, at least <see cref="Int8PackedWeights.Rows"/>.</param>
    /// <exception cref="ArgumentException">A negative batch, a stride below its minimum, or a span shorter than the batch needs.</exception>
    public static void Multiply(ReadOnlySpan<byte> x, int xStride, Int8PackedWeights w, int batch, Span<int> y, int yStride)
    {
        ArgumentNullException.ThrowIfNull(w);
        Multiply(InstructionSet, x, xStride, w, batch, y, yStride);
    }

    /// <summary>Whether <paramref name="set"/> can run in this process.</summary>
    public static bool IsSupported(Int8InstructionSet set) => set switch
    {
        Int8InstructionSet.Scalar => true,
        Int8InstructionSet.Sse2 => Sse2.IsSupported && Vector128.IsHardwareAccelerated,
        Int8InstructionSet.Avx2 => Avx2.IsSupported && Vector256.IsHardwareAccelerated,
        Int8InstructionSet.Avx512BW => Avx512BW.IsSupported && Vector512.IsHardwareAccelerated,
        Int8InstructionSet.AvxVnni => AvxVnni.IsSupported && Vector256.IsHardwareAccelerated,
        _ => false,
    };

    /// <summary><see cref="Multiply(ReadOnlySpan{byte}, ReadOnlySpan{sbyte}, int, int, int, Span{int})"/> on a given instruction set, which must be supported.</summary>
    internal static void Multiply(Int8InstructionSet set, ReadOnlySpan<byte> x, ReadOnlySpan<sbyte> w, int batch, int rows, int columns, Span<int> y)
    {
        Guard.NonNegative(batch, nameof(batch));
        Guard.NonNegative(rows, nameof(rows));
        Guard.NonNegative(columns, nameof(columns));
        Guard.HasMatrix(x, batch, columns, nameof(x));
        Guard.HasMatrix(w, rows, columns, nameof(w));
        Guard.HasMatrix<int>(y, batch, rows, nameof(y));
        RequireSupported(set);
        if (batch == 0 || rows == 0)
        {
            return;
        }

        var packed = new Int8PackedWeights(w, rows, columns, columns);
        int stride = packed.PaddedColumns;
        if (stride != columns)
        {
            // The kernels read whole groups of 4 bytes: give each sample's row its padding.
            var padded = new byte[batch * stride];
            for (int n = 0; n < batch; n++)
            {
                x.Slice(n * columns, columns).CopyTo(padded.AsSpan(n * stride));
            }

            x = padded;
        }

        Multiply(set, x, stride, packed, batch, y, rows);
    }

    // x: [batch, xStride] u8   w: packed [rows, columns]   y: [batch, yStride] i32
    /// <summary>
    /// y[n, r] = sum over k of x[n, k] * w[r, k] with the weights packed once (<see cref="Int8PackedWeights"/>); sample
    /// n's bytes start at n x <paramref name="xStride"/> and must be readable for <see cref="Int8PackedWeights.PaddedColumns"/>
    /// bytes (those past the columns meet zero weights and may hold anything).
    /// </summary>
    internal static void Multiply(Int8InstructionSet set, ReadOnlySpan<byte> x, int xStride, Int8PackedWeights w, int batch, Span<int> y, int yStride)
    {
        Guard.NonNegative(batch, nameof(batch));
        RequireSupported(set);
        if (batch == 0 || w.Rows == 0)
        {
            return;
        }

        if (xStride < w.PaddedColumns || x.Length < ((long)(batch - 1) * xStride) + w.PaddedColumns)
        {
            throw new ArgumentException($"Expected {batch} rows of {w.PaddedColumns} bytes every {xStride}, got {x.Length} bytes.", nameof(x));
        }

        if (yStride < w.Rows || y.Length < ((long)(batch - 1) * yStride) + w.Rows)
        {
            throw new ArgumentException($"Expected {batch} rows of {w.Rows} sums every {yStride}, got {y.Length}.", nameof(y));
        }

        ref byte xr = ref MemoryMarshal.GetReference(x);
        ref int yr = ref MemoryMarshal.GetReference(y);
        switch (set)
        {
            case Int8InstructionSet.AvxVnni:
                Int8PackedGemmCore.Multiply<AvxVnniPanelKernel, Pair<Vector256<int>>, Vector256<byte>, Pair<Vector256<sbyte>>>(ref xr, xStride, w, batch, ref yr, yStride);
                break;
            case Int8InstructionSet.Avx512BW:
                Int8PackedGemmCore.Multiply<Avx512BWPanelKernel, Vector512<int>, Pair<Vector512<short>>, Pair<Vector512<short>>>(ref xr, xStride, w, batch, ref yr, yStride);
                break;
            case Int8InstructionSet.Avx2:
                Int8PackedGemmCore.Multiply<Avx2PanelKernel, Pair<Vector256<int>>, Pair<Vector256<short>>, Pair<Pair<Vector256<short>>>>(ref xr, xStride, w, batch, ref yr, yStride);
                break;
            case Int8InstructionSet.Sse2:
                Int8PackedGemmCore.Multiply<Sse2PanelKernel, Pair<Pair<Vector128<int>>>, Pair<Vector128<short>>, Pair<Pair<Pair<Vector128<short>>>>>(ref xr, xStride, w, batch, ref yr, yStride);
                break;
            default:
                Int8PackedGemmCore.Multiply<ScalarPanelKernel, ScalarPanelKernel.Sums, int, ScalarPanelKernel.Weights>(ref xr, xStride, w, batch, ref yr, yStride);
                break;
        }
    }

    private static void RequireSupported(Int8InstructionSet set)
    {
        if (!IsSupported(set))
        {
            throw new PlatformNotSupportedException($"The {set} instruction set is not available in this process.");
        }
    }

    /// <summary>
    /// The fastest supported set. VPDPBUSD does a step in one instruction where the widening paths need five, so
    /// 256-bit VNNI comes before 512-bit widening; the 512-bit VNNI form (<c>AvxVnni.V512</c> from .NET 11) belongs first.
    /// </summary>
    private static Int8InstructionSet Select()
    {
        if (IsSupported(Int8InstructionSet.AvxVnni))
        {
            return Int8InstructionSet.AvxVnni;
        }

        if (Simd.Width == VectorWidth.Vector512 && IsSupported(Int8InstructionSet.Avx512BW))
        {
            return Int8InstructionSet.Avx512BW;
        }

        return IsSupported(Int8InstructionSet.Avx2) ? Int8InstructionSet.Avx2
            : IsSupported(Int8InstructionSet.Sse2) ? Int8InstructionSet.Sse2
            : Int8InstructionSet.Scalar;
    }
}
