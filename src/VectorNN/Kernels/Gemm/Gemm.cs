using System.Numerics;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>
/// General matrix multiplication, C = op(A) op(B), for the three products of a dense layer's back-propagation:
/// the forward pass Y = X W^T (<see cref="Linear{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, int, int, int, Span{T})"/>), the input gradient dX = dY W
/// (<see cref="Multiply{T}"/>) and the weight gradient dW += dY^T X (<see cref="MultiplyAccumulate{T}"/>).
/// </summary>
/// <remarks>
/// <para>
/// All matrices are row-major. <c>T</c> must be <see cref="float"/> or <see cref="double"/>; other types throw
/// <see cref="NotSupportedException"/>. The computation is a blocked GEMM in the BLIS shape (packed panels, a
/// register-tiled FMA micro-kernel at the widest vector width <see cref="Simd"/> selects). Large products are split
/// between up to <see cref="Parallelism.Current"/> threads with results independent of the split; each thread
/// uses a workspace that is allocated on its first call and reused, so later calls do not allocate.
/// </para>
/// <para>
/// Results are bit-identical run to run for the same inputs on one machine and vector width: the blocking and the
/// summation order are fixed. They may differ in the last bits from other summation orders.
/// </para>
/// <para>
/// Arguments are checked before anything is written, so a call that throws leaves the destination unchanged. The
/// destination must not overlap any input (<see cref="ArgumentException"/>); the inputs may overlap each other.
/// Spans may be longer than their matrices; only the leading elements are used.
/// </para>
/// </remarks>
public static class Gemm
{
    /// <summary>Computes C = op(A) op(B), overwriting C without reading it.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="a">A, holding op(A) [m x k]: stored [m x k], or [k x m] when <paramref name="transposeA"/> is <see cref="MatrixTranspose.Transposed"/>.</param>
    /// <param name="transposeA">Whether op(A) is A as stored or its transpose.</param>
    /// <param name="b">B, holding op(B) [k x n]: stored [k x n], or [n x k] when <paramref name="transposeB"/> is <see cref="MatrixTranspose.Transposed"/>.</param>
    /// <param name="transposeB">Whether op(B) is B as stored or its transpose.</param>
    /// <param name="m">Rows of C and of op(A).</param>
    /// <param name="n">Columns of C and of op(B).</param>
    /// <param name="k">Columns of op(A) and rows of op(B); when 0, C is set to zeros.</param>
    /// <param name="c">C [m x n], written; its previous contents (even NaN) never affect the result. Must not overlap <paramref name="a"/> or <paramref name="b"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or a transpose value is undefined.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its matrix, or <paramref name="c"/> overlaps an input.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Multiply<T>(
        ReadOnlySpan<T> a, MatrixTranspose transposeA, ReadOnlySpan<T> b, MatrixTranspose transposeB,
        int m, int n, int k, Span<T> c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Validate(a, transposeA, b, transposeB, m, n, k, c);
        Run(a, transposeA, b, transposeB, m, n, k, c, accumulate: false, m);
    }

    /// <summary>Computes C += op(A) op(B): the weight-gradient product dW += dY^T X of back-propagation.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="a">A, holding op(A) [m x k]: stored [m x k], or [k x m] when <paramref name="transposeA"/> is <see cref="MatrixTranspose.Transposed"/>.</param>
    /// <param name="transposeA">Whether op(A) is A as stored or its transpose.</param>
    /// <param name="b">B, holding op(B) [k x n]: stored [k x n], or [n x k] when <paramref name="transposeB"/> is <see cref="MatrixTranspose.Transposed"/>.</param>
    /// <param name="transposeB">Whether op(B) is B as stored or its transpose.</param>
    /// <param name="m">Rows of C and of op(A).</param>
    /// <param name="n">Columns of C and of op(B).</param>
    /// <param name="k">Columns of op(A) and rows of op(B); when 0, C is left unchanged.</param>
    /// <param name="c">C [m x n], read and updated. Must not overlap <paramref name="a"/> or <paramref name="b"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or a transpose value is undefined.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its matrix, or <paramref name="c"/> overlaps an input.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void MultiplyAccumulate<T>(
        ReadOnlySpan<T> a, MatrixTranspose transposeA, ReadOnlySpan<T> b, MatrixTranspose transposeB,
        int m, int n, int k, Span<T> c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Validate(a, transposeA, b, transposeB, m, n, k, c);
        Run(a, transposeA, b, transposeB, m, n, k, c, accumulate: true, m);
    }

    /// <summary>
    /// The weight gradient of a training step, dW = dZ^T X (<see cref="Multiply{T}"/> with A transposed), split between
    /// threads by the rows of dW each owns for the rest of the step (<see cref="Threading.RowOwnership"/>): the threads
    /// then check and update the rows they wrote.
    /// </summary>
    /// <param name="dz">dZ [batch x outputs].</param>
    /// <param name="x">The layer's inputs X [batch x inputs].</param>
    /// <param name="outputs">Rows of dW.</param>
    /// <param name="inputs">Columns of dW.</param>
    /// <param name="batch">Rows of dZ and X.</param>
    /// <param name="dw">dW [outputs x inputs], overwritten.</param>
    internal static void WeightGradient<T>(ReadOnlySpan<T> dz, ReadOnlySpan<T> x, int outputs, int inputs, int batch, Span<T> dw)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Validate(dz, MatrixTranspose.Transposed, x, MatrixTranspose.None, outputs, inputs, batch, dw);
        Run(dz, MatrixTranspose.Transposed, x, MatrixTranspose.None, outputs, inputs, batch, dw, accumulate: false, outputs, ownedRows: true);
    }

    /// <summary>
    /// The dense-layer forward pass Y = X W^T + bias, with W stored [out x in] as PyTorch's <c>Linear</c> stores it.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="x">The inputs X [batch x inFeatures].</param>
    /// <param name="weights">The weights W [outFeatures x inFeatures].</param>
    /// <param name="bias">The bias; its first <paramref name="outFeatures"/> elements are added to every row. Any span of at least that length.</param>
    /// <param name="batch">Rows of X and Y.</param>
    /// <param name="inFeatures">Columns of X and W; when 0, every row of Y is the bias.</param>
    /// <param name="outFeatures">Columns of Y and rows of W.</param>
    /// <param name="y">The outputs Y [batch x outFeatures], written without being read. Must not overlap <paramref name="x"/>, <paramref name="weights"/> or <paramref name="bias"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its matrix or vector, or <paramref name="y"/> overlaps an input.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Linear<T>(
        ReadOnlySpan<T> x, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, int batch, int inFeatures, int outFeatures,
        Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Linear(x, weights, bias, batch, inFeatures, outFeatures, y, batch);

    /// <summary>
    /// As <see cref="Linear{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, int, int, int, Span{T})"/>, with the
    /// tiling chosen for <paramref name="pathRows"/> rows: a block of a larger batch then computes every row exactly as
    /// the whole batch would (the tilings differ in their depth slices, so in the rounding of the sums).
    /// </summary>
    internal static void Linear<T>(
        ReadOnlySpan<T> x, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, int batch, int inFeatures, int outFeatures,
        Span<T> y, int pathRows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // x: [batch, in]  W: [out, in]  bias: [out]  y: [batch, out]
        RequireSupported<T>();
        Guard.NonNegative(batch, nameof(batch));
        Guard.NonNegative(inFeatures, nameof(inFeatures));
        Guard.NonNegative(outFeatures, nameof(outFeatures));
        Guard.HasMatrix(x, batch, inFeatures, nameof(x));
        Guard.HasMatrix(weights, outFeatures, inFeatures, nameof(weights));
        Guard.HasLength(bias, outFeatures, nameof(bias));
        Guard.HasMatrix<T>(y, batch, outFeatures, nameof(y));
        ReadOnlySpan<T> output = y[..(batch * outFeatures)];
        Guard.Disjoint(x[..(batch * inFeatures)], output, nameof(y));
        Guard.Disjoint(weights[..(outFeatures * inFeatures)], output, nameof(y));
        Guard.Disjoint(bias[..outFeatures], output, nameof(y));

        // The bias is the accumulator's starting value, so it is added once and in the same order for every row.
        for (int i = 0; i < batch; i++)
        {
            bias[..outFeatures].CopyTo(y.Slice(i * outFeatures, outFeatures));
        }

        Run(x, MatrixTranspose.None, weights, MatrixTranspose.Transposed, batch, outFeatures, inFeatures, y, accumulate: true, pathRows);
    }

    private static void Validate<T>(
        ReadOnlySpan<T> a, MatrixTranspose transposeA, ReadOnlySpan<T> b, MatrixTranspose transposeB,
        int m, int n, int k, Span<T> c)
    {
        // A: [m, k] or stored [k, m]  B: [k, n] or stored [n, k]  C: [m, n]
        RequireSupported<T>();
        Guard.NonNegative(m, nameof(m));
        Guard.NonNegative(n, nameof(n));
        Guard.NonNegative(k, nameof(k));
        Guard.Defined(transposeA, nameof(transposeA));
        Guard.Defined(transposeB, nameof(transposeB));
        bool ta = transposeA == MatrixTranspose.Transposed;
        bool tb = transposeB == MatrixTranspose.Transposed;
        Guard.HasMatrix(a, ta ? k : m, ta ? m : k, nameof(a));
        Guard.HasMatrix(b, tb ? n : k, tb ? k : n, nameof(b));
        Guard.HasMatrix<T>(c, m, n, nameof(c));
        ReadOnlySpan<T> output = c[..(m * n)];
        Guard.Disjoint(a[..(m * k)], output, nameof(c));
        Guard.Disjoint(b[..(k * n)], output, nameof(c));
    }

    private static void RequireSupported<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"Gemm supports float and double, not {typeof(T).Name}.");
        }
    }

    // pathRows: the rows the tiling is chosen for (m, or the whole batch that C's rows are a block of). ownedRows: split
    // between threads by C's rows as RowOwnership assigns them, rather than as the product alone would be split best.
    private static void Run<T>(
        ReadOnlySpan<T> a, MatrixTranspose transposeA, ReadOnlySpan<T> b, MatrixTranspose transposeB,
        int m, int n, int k, Span<T> c, bool accumulate, int pathRows, bool ownedRows = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                c[..(m * n)].Clear();
            }

            return;
        }

        // The tiles pad partial registers, so the widest width serves every shape; a 10-column layer is faster on a
        // 16-lane tile than on full tiles of a narrower width (bench/RESULTS.md).
        var kernel = new Kernel<T>(
            ref MemoryMarshal.GetReference(a), transposeA == MatrixTranspose.Transposed,
            ref MemoryMarshal.GetReference(b), transposeB == MatrixTranspose.Transposed,
            m, n, k, ref MemoryMarshal.GetReference(c), accumulate, pathRows, ownedRows);
        Simd.Run<T, Kernel<T>>(Simd.AnyLength, ref kernel);
    }

    private readonly ref struct Kernel<T> : IWidthKernel<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ref T a;
        private readonly ref T b;
        private readonly ref T c;
        private readonly bool transposeA;
        private readonly bool transposeB;
        private readonly int m;
        private readonly int n;
        private readonly int k;
        private readonly bool accumulate;
        private readonly int pathRows;
        private readonly bool ownedRows;

        public Kernel(ref T a, bool transposeA, ref T b, bool transposeB, int m, int n, int k, ref T c, bool accumulate, int pathRows, bool ownedRows)
        {
            this.a = ref a;
            this.b = ref b;
            this.c = ref c;
            this.transposeA = transposeA;
            this.transposeB = transposeB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.accumulate = accumulate;
            this.pathRows = pathRows;
            this.ownedRows = ownedRows;
        }

        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec> =>
            GemmDriver<T, TVec, TOps>.Run(ref a, transposeA, ref b, transposeB, m, n, k, ref c, accumulate, pathRows, ownedRows);
    }
}
