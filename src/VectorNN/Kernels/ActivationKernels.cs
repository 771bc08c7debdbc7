using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Cores;
using VectorNN.Kernels.Ops;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>
/// Activation functions and their derivatives over spans, vectorized at the width <see cref="Simd"/> chose, with
/// no allocation. The backward kernels take the forward output y rather than the input x (as llm.c does), so a
/// layer keeps only its output.
/// </summary>
/// <remarks>
/// <para>
/// Aliasing: every output may be exactly one of the inputs (in place) or disjoint from all of them; a partial
/// overlap throws <see cref="ArgumentException"/>. Only the first n elements of an output are written (n being the
/// input length, or rows x columns), so a longer output keeps its remaining elements. All arguments are checked
/// before anything is written: a rejected call leaves its output unchanged.
/// </para>
/// <para>
/// Accuracy: <see cref="Exp{T}"/>, <see cref="Tanh{T}"/> and <see cref="Logistic{T}"/> share one double-precision
/// algorithm on every vector width and on the scalar path, so results do not depend on the width (apart from
/// fused versus separate multiply-adds where FMA is switched off). Float inputs are widened, evaluated in double
/// and rounded once: float results are within 1 ULP of the correctly rounded value. Double results, compared with
/// <see cref="Math.Exp(double)"/> and <see cref="Math.Tanh(double)"/> (themselves within about 1 ULP), are within
/// 2 ULP for exp (relative error below 4.5e-16) and 3 ULP for tanh and logistic (below 7e-16); subnormal results
/// are within the same number of units of the smallest subnormal. Measured by the tests over about 440 000 points
/// per function, including the overflow and underflow thresholds and subnormal results, on all four SIMD paths:
/// float 1 ULP for exp and logistic and 0 for tanh; double 1 ULP (2.2e-16) for exp, 2 ULP (4.0e-16) for tanh and
/// 2 ULP (3.0e-16) for logistic.
/// </para>
/// <para>
/// NaN inputs give NaN outputs in every kernel; the infinities follow the limits of each formula, as documented
/// per member.
/// </para>
/// </remarks>
public static class ActivationKernels
{
    /// <summary>Computes y_i = e^(x_i).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="x">The exponents.</param>
    /// <param name="y">The destination, at least as long as <paramref name="x"/>; may be <paramref name="x"/> itself.</param>
    /// <remarks>
    /// Float: within 1 ULP of the correctly rounded result, including subnormal results and the overflow threshold
    /// (x &gt; 88.72 gives +inf). Double: within 2 ULP (relative error below 4.5e-16); subnormal results within 2
    /// units of the smallest subnormal; x &gt; 709.78 gives +inf. e^(+-0) = 1, e^(-inf) = +0, e^(+inf) = +inf,
    /// e^NaN = NaN.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="y"/> is too short or partially overlaps <paramref name="x"/>.</exception>
    public static void Exp<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Forward(x, y, new ViaDoubleOperator<T, ExpFunction>(default));

    /// <summary>Copies x to y (the identity activation); in place it does nothing.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">The destination, at least as long as <paramref name="x"/>; may be <paramref name="x"/> itself.</param>
    /// <remarks>Exact: every value, including NaN payloads and signed zeros, is copied bit for bit.</remarks>
    /// <exception cref="ArgumentException"><paramref name="y"/> is too short or partially overlaps <paramref name="x"/>.</exception>
    public static void Identity<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckForward(x, y);
        x.CopyTo(y);
    }

    /// <summary>Computes the logistic sigmoid y_i = 1 / (1 + e^(-x_i)).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">The destination, at least as long as <paramref name="x"/>; may be <paramref name="x"/> itself.</param>
    /// <remarks>
    /// Evaluated as 1 / (1 + e^-x) for x &gt;= 0 and e^x / (1 + e^x) for x &lt; 0, so there is no cancellation and no
    /// overflow: for very negative x the result is e^x, down to subnormals and then +0. Float: within 1 ULP of the
    /// correctly rounded result. Double: within 3 ULP (relative error below 7e-16) for normal results, and within 3
    /// units of the smallest subnormal below them. Logistic(+inf) = 1, Logistic(-inf) = +0, Logistic(NaN) = NaN.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="y"/> is too short or partially overlaps <paramref name="x"/>.</exception>
    public static void Logistic<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Forward(x, y, new ViaDoubleOperator<T, LogisticFunction>(default));

    /// <summary>Computes the hyperbolic tangent y_i = tanh(x_i).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">The destination, at least as long as <paramref name="x"/>; may be <paramref name="x"/> itself.</param>
    /// <remarks>
    /// A rational approximation for |x| &lt; 0.625 and 1 - 2 / (e^(2|x|) + 1) beyond, with the sign of x restored, so
    /// it saturates to exactly +-1 (never inf/inf = NaN). Float: within 1 ULP of the correctly rounded result.
    /// Double: within 3 ULP (relative error below 7e-16). tanh(+-0) = +-0, tanh(+-inf) = +-1, tanh(NaN) = NaN.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="y"/> is too short or partially overlaps <paramref name="x"/>.</exception>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Forward(x, y, new ViaDoubleOperator<T, TanhFunction>(default));

    /// <summary>Computes the rectifier y_i = max(x_i, 0).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">The destination, at least as long as <paramref name="x"/>; may be <paramref name="x"/> itself.</param>
    /// <remarks>
    /// Exact. Relu(NaN) = NaN (NaN is propagated, not clamped to 0), Relu(-0) = +0, Relu(+inf) = +inf, Relu(-inf) = +0.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="y"/> is too short or partially overlaps <paramref name="x"/>.</exception>
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Forward(x, y, default(ReluOperator<T>));

    /// <summary>Computes the leaky rectifier y_i = x_i for x_i &gt;= 0 and slope * x_i for x_i &lt; 0.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="slope">The slope for negative inputs; must be &gt;= 0 (see <see cref="LeakyReluBackward{T}"/>).</param>
    /// <param name="y">The destination, at least as long as <paramref name="x"/>; may be <paramref name="x"/> itself.</param>
    /// <remarks>
    /// One rounding (the product) for negative inputs, exact otherwise. NaN gives NaN, +inf gives +inf, -inf gives
    /// -inf for slope &gt; 0 and NaN for slope = 0 (0 * inf).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is negative or NaN.</exception>
    /// <exception cref="ArgumentException"><paramref name="y"/> is too short or partially overlaps <paramref name="x"/>.</exception>
    public static void LeakyRelu<T>(ReadOnlySpan<T> x, T slope, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.NonNegative(slope, nameof(slope));
        Forward(x, y, new LeakyReluOperator<T>(slope));
    }

    /// <summary>Back-propagates through the identity: dx_i = dy_i.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="y">The forward output; only its length is used, so every backward kernel has the same shape.</param>
    /// <param name="dy">The gradient with respect to the output, as long as <paramref name="y"/>.</param>
    /// <param name="dx">The destination, at least as long as <paramref name="y"/>; may be <paramref name="y"/> or <paramref name="dy"/>.</param>
    /// <remarks>Exact: a bit-for-bit copy of <paramref name="dy"/>.</remarks>
    /// <exception cref="ArgumentException">Lengths differ, <paramref name="dx"/> is too short, or it partially overlaps an input.</exception>
    public static void IdentityBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBackward(y, dy, dx);
        dy.CopyTo(dx);
    }

    /// <summary>Back-propagates through the logistic sigmoid: dx_i = dy_i * y_i * (1 - y_i).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="y">The forward output of <see cref="Logistic{T}"/>.</param>
    /// <param name="dy">The gradient with respect to the output, as long as <paramref name="y"/>.</param>
    /// <param name="dx">The destination, at least as long as <paramref name="y"/>; may be <paramref name="y"/> or <paramref name="dy"/>.</param>
    /// <remarks>Three roundings: relative error at most 3u (u = 2^-24 float, 2^-53 double) beyond the error already in y. NaN in either input gives NaN.</remarks>
    /// <exception cref="ArgumentException">Lengths differ, <paramref name="dx"/> is too short, or it partially overlaps an input.</exception>
    public static void LogisticBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Backward(y, dy, dx, default(LogisticBackwardOperator<T>));

    /// <summary>Back-propagates through tanh: dx_i = dy_i * (1 - y_i^2).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="y">The forward output of <see cref="Tanh{T}"/>.</param>
    /// <param name="dy">The gradient with respect to the output, as long as <paramref name="y"/>.</param>
    /// <param name="dx">The destination, at least as long as <paramref name="y"/>; may be <paramref name="y"/> or <paramref name="dy"/>.</param>
    /// <remarks>
    /// Evaluated as dy * ((1 - y)(1 + y)), which does not cancel as |y| approaches 1: relative error at most 3u
    /// (u = 2^-24 float, 2^-53 double). NaN in either input gives NaN.
    /// </remarks>
    /// <exception cref="ArgumentException">Lengths differ, <paramref name="dx"/> is too short, or it partially overlaps an input.</exception>
    public static void TanhBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Backward(y, dy, dx, default(TanhBackwardOperator<T>));

    /// <summary>Back-propagates through the rectifier: dx_i = dy_i where y_i &gt; 0, else 0.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="y">The forward output of <see cref="Relu{T}"/>; y &gt; 0 exactly where x &gt; 0.</param>
    /// <param name="dy">The gradient with respect to the output, as long as <paramref name="y"/>.</param>
    /// <param name="dx">The destination, at least as long as <paramref name="y"/>; may be <paramref name="y"/> or <paramref name="dy"/>.</param>
    /// <remarks>
    /// Exact: a selection, not a product, so where y &lt;= 0 the result is +0 even if dy is infinite or NaN (the
    /// convention of PyTorch's threshold_backward). A NaN y gives NaN. At y = 0 the derivative is taken as 0.
    /// </remarks>
    /// <exception cref="ArgumentException">Lengths differ, <paramref name="dx"/> is too short, or it partially overlaps an input.</exception>
    public static void ReluBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Backward(y, dy, dx, default(ReluBackwardOperator<T>));

    /// <summary>Back-propagates through the leaky rectifier: dx_i = dy_i where y_i &gt; 0, else slope * dy_i.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="y">The forward output of <see cref="LeakyRelu{T}"/> with the same slope.</param>
    /// <param name="dy">The gradient with respect to the output, as long as <paramref name="y"/>.</param>
    /// <param name="slope">
    /// The slope used in the forward pass. It must be &gt;= 0: then y = slope * x has the sign of x (or is zero), so
    /// y &gt; 0 exactly where x &gt; 0 and the output alone decides the branch. A negative slope would flip the sign of
    /// y for negative x and select the wrong branch.
    /// </param>
    /// <param name="dx">The destination, at least as long as <paramref name="y"/>; may be <paramref name="y"/> or <paramref name="dy"/>.</param>
    /// <remarks>
    /// Exact where y &gt; 0, one rounding (the product) elsewhere; being a product, 0 * inf = NaN when the slope is 0
    /// and dy is infinite. A NaN y gives NaN. At y = 0 the derivative is taken as the slope.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slope"/> is negative or NaN.</exception>
    /// <exception cref="ArgumentException">Lengths differ, <paramref name="dx"/> is too short, or it partially overlaps an input.</exception>
    public static void LeakyReluBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, T slope, Span<T> dx)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.NonNegative(slope, nameof(slope));
        Backward(y, dy, dx, new LeakyReluBackwardOperator<T>(slope));
    }

    /// <summary>Computes the softmax of each row: y_ij = e^(x_ij - m_i) / sum_k e^(x_ik - m_i), with m_i the row maximum.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="x">The logits, row-major [rows, columns]; at least rows x columns elements.</param>
    /// <param name="rows">The number of rows (e.g. the batch size); &gt;= 0.</param>
    /// <param name="columns">The number of columns (e.g. the classes); &gt;= 0.</param>
    /// <param name="y">The destination, row-major [rows, columns]; may be <paramref name="x"/> itself.</param>
    /// <remarks>
    /// <para>
    /// Subtracting the row maximum keeps every exponent &lt;= 0, so finite logits of any size (e.g. +-1000) neither
    /// overflow nor produce NaN, and the largest entry of each row is at least 1 / columns. Each output has a
    /// relative error of at most about u * (|x_ij - m_i| + columns + 4) (u = 2^-24 float, 2^-53 double): the first
    /// term from rounding x - m (exact for float, which subtracts in double), the others from the exponential, the
    /// sum and the division. Rows therefore sum to 1 within about 2 * columns * u.
    /// </para>
    /// <para>
    /// A row containing NaN becomes all NaN. A row containing +inf becomes all NaN (inf - inf; the limit is not
    /// defined when several entries are +inf), and so does a row of only -inf (no finite maximum). Other -inf
    /// entries give exactly 0.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="columns"/> is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than rows x columns, or <paramref name="y"/> partially overlaps <paramref name="x"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softmax<T>(ReadOnlySpan<T> x, int rows, int columns, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.NonNegative(rows, nameof(rows));
        Guard.NonNegative(columns, nameof(columns));
        Guard.HasMatrix(x, rows, columns, nameof(x));
        Guard.HasMatrix<T>(y, rows, columns, nameof(y));
        int n = rows * columns;
        Guard.InPlaceOrDisjoint<T>(x[..n], y[..n], nameof(y));

        if (n == 0)
        {
            return;
        }

        // One width dispatch for all the rows: per row, the four passes' own dispatches and checks cost as much as a
        // short row's arithmetic. Each pass is the same core at the same width as Reduce.Max, ElementWiseLoop.Unary
        // and Reduce.Sum on the row, so the results are theirs.
        var kernel = new SoftmaxRows<T>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), rows, columns);
        Simd.Run<T, SoftmaxRows<T>>(columns, ref kernel);
    }

    /// <summary>
    /// Back-propagates through <see cref="Softmax{T}"/> row by row: dx_i = y_i * (dy_i - sum_j dy_j y_j), the
    /// product of the row's full Jacobian diag(y) - y y^T with dy.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="y">The forward output of <see cref="Softmax{T}"/>, row-major [rows, columns].</param>
    /// <param name="dy">The gradient with respect to <paramref name="y"/>, row-major [rows, columns].</param>
    /// <param name="rows">The number of rows; &gt;= 0.</param>
    /// <param name="columns">The number of columns; &gt;= 0.</param>
    /// <param name="dx">The destination, row-major [rows, columns]; may be <paramref name="y"/> or <paramref name="dy"/>.</param>
    /// <remarks>
    /// The error of each dx_i is at most about y_i * (|dy_i - s| + (columns + 2) * sum_j |dy_j| y_j) * u, where s is
    /// the row's dot product and u the unit roundoff (the dot product's error, then the subtraction and product).
    /// NaN anywhere in a row's y or dy makes that row's dot product, and so the row, NaN.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> or <paramref name="columns"/> is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than rows x columns, or <paramref name="dx"/> partially overlaps an input.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, int rows, int columns, Span<T> dx)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.NonNegative(rows, nameof(rows));
        Guard.NonNegative(columns, nameof(columns));
        Guard.HasMatrix(y, rows, columns, nameof(y));
        Guard.HasMatrix(dy, rows, columns, nameof(dy));
        Guard.HasMatrix<T>(dx, rows, columns, nameof(dx));
        int n = rows * columns;
        Guard.InPlaceOrDisjoint<T>(y[..n], dx[..n], nameof(dx));
        Guard.InPlaceOrDisjoint<T>(dy[..n], dx[..n], nameof(dx));

        // y, dy, dx: [rows, columns]
        for (int offset = 0; offset < n; offset += columns)
        {
            ReadOnlySpan<T> yRow = y.Slice(offset, columns);
            ReadOnlySpan<T> dyRow = dy.Slice(offset, columns);
            T dot = Reduce.Dot(dyRow, yRow);
            ElementWiseLoop.Binary(yRow, dyRow, dx.Slice(offset, columns), new SoftmaxBackwardOperator<T>(dot));
        }
    }

    private static void CheckForward<T>(ReadOnlySpan<T> x, Span<T> y)
    {
        Guard.HasLength<T>(y, x.Length, nameof(y));
        Guard.InPlaceOrDisjoint<T>(x, y, nameof(y));
    }

    private static void CheckBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
    {
        Guard.SameLength(y, dy, nameof(dy));
        Guard.HasLength<T>(dx, y.Length, nameof(dx));
        Guard.InPlaceOrDisjoint<T>(y, dx, nameof(dx));
        Guard.InPlaceOrDisjoint<T>(dy, dx, nameof(dx));
    }

    private static void Forward<T, TOp>(ReadOnlySpan<T> x, Span<T> y, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        CheckForward(x, y);
        ElementWiseLoop.Unary(x, y, op);
    }

    private static void Backward<T, TOp>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator<T>
    {
        CheckBackward(y, dy, dx);
        ElementWiseLoop.Binary(y, dy, dx, op);
    }

    // x: [rows, columns]  y: [rows, columns]; columns >= 1, and at least a vector at any width but the scalar one.
    private readonly ref struct SoftmaxRows<T> : IWidthKernel<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ref T x;
        private readonly ref T y;
        private readonly int rows;
        private readonly int columns;

        public SoftmaxRows(ref T x, ref T y, int rows, int columns)
        {
            this.x = ref x;
            this.y = ref y;
            this.rows = rows;
            this.columns = columns;
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec>
        {
            nuint n = (nuint)columns;
            for (int r = 0; r < rows; r++)
            {
                ref T xRow = ref Unsafe.Add(ref x, (nint)r * columns);
                ref T yRow = ref Unsafe.Add(ref y, (nint)r * columns);
                T max = ReductionCore.Max<T, TVec, TOps>(ref xRow, n);
                var shiftedExp = new ViaDoubleOperator<T, ShiftedExpFunction>(new ShiftedExpFunction(double.CreateTruncating(max)));
                ElementWiseLoop.Map<T, TVec, TOps, ViaDoubleOperator<T, ShiftedExpFunction>>(ref xRow, ref yRow, n, shiftedExp);
                T sum = ReductionCore.Sum<T, TVec, TOps, ValueTerm>(ref yRow, ref yRow, n);
                ElementWiseLoop.Map<T, TVec, TOps, DivideOperator<T>>(ref yRow, ref yRow, n, new DivideOperator<T>(sum));
            }
        }
    }
}
