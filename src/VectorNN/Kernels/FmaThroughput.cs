using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>
/// A probe of the machine's peak float multiply-add rate: twelve independent FMA chains, enough to keep two FMA pipes
/// busy through a four-cycle latency (2 x 4 = 8 chains at least). Its rate is the ceiling that GEMM throughput is
/// reported against.
/// </summary>
public static class FmaThroughput
{
    private const int Chains = 12;

    /// <summary>Floating-point operations (a multiply and an add per lane) one iteration of <see cref="Run"/> performs.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is not a defined width.</exception>
    public static long FlopsPerIteration(VectorWidth width) => 2L * Chains * Lanes(width);

    /// <summary>
    /// Runs <paramref name="iterations"/> steps of the twelve chains at <paramref name="width"/> and returns a checksum
    /// that keeps the work observable. A width the hardware does not accelerate runs in software and measures nothing useful.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is negative, or <paramref name="width"/> is not a defined width.</exception>
    public static float Run(VectorWidth width, long iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        return width switch
        {
            VectorWidth.Vector512 => Run<Vector512<float>, Vector512Ops<float>>(iterations),
            VectorWidth.Vector256 => Run<Vector256<float>, Vector256Ops<float>>(iterations),
            VectorWidth.Vector128 => Run<Vector128<float>, Vector128Ops<float>>(iterations),
            VectorWidth.Scalar => Run<float, ScalarOps<float>>(iterations),
            _ => throw new ArgumentOutOfRangeException(nameof(width), width, "Expected a defined VectorWidth."),
        };
    }

    private static int Lanes(VectorWidth width) => width switch
    {
        VectorWidth.Vector512 => Vector512<float>.Count,
        VectorWidth.Vector256 => Vector256<float>.Count,
        VectorWidth.Vector128 => Vector128<float>.Count,
        VectorWidth.Scalar => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, "Expected a defined VectorWidth."),
    };

    // Each chain converges to a fixed point of a * m + c (about 1), so values stay normal however long it runs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Run<TVec, TOps>(long iterations)
        where TVec : struct
        where TOps : IVectorOps<float, TVec>
    {
        TVec m = TOps.Broadcast(0.999f), c = TOps.Broadcast(0.001f);
        TVec a0 = TOps.Broadcast(1.00f), a1 = TOps.Broadcast(1.01f), a2 = TOps.Broadcast(1.02f), a3 = TOps.Broadcast(1.03f);
        TVec a4 = TOps.Broadcast(1.04f), a5 = TOps.Broadcast(1.05f), a6 = TOps.Broadcast(1.06f), a7 = TOps.Broadcast(1.07f);
        TVec a8 = TOps.Broadcast(1.08f), a9 = TOps.Broadcast(1.09f), a10 = TOps.Broadcast(1.10f), a11 = TOps.Broadcast(1.11f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = TOps.MultiplyAdd(a0, m, c);
            a1 = TOps.MultiplyAdd(a1, m, c);
            a2 = TOps.MultiplyAdd(a2, m, c);
            a3 = TOps.MultiplyAdd(a3, m, c);
            a4 = TOps.MultiplyAdd(a4, m, c);
            a5 = TOps.MultiplyAdd(a5, m, c);
            a6 = TOps.MultiplyAdd(a6, m, c);
            a7 = TOps.MultiplyAdd(a7, m, c);
            a8 = TOps.MultiplyAdd(a8, m, c);
            a9 = TOps.MultiplyAdd(a9, m, c);
            a10 = TOps.MultiplyAdd(a10, m, c);
            a11 = TOps.MultiplyAdd(a11, m, c);
        }

        TVec sum = TOps.Add(
            TOps.Add(TOps.Add(TOps.Add(a0, a1), TOps.Add(a2, a3)), TOps.Add(TOps.Add(a4, a5), TOps.Add(a6, a7))),
            TOps.Add(TOps.Add(a8, a9), TOps.Add(a10, a11)));
        return TOps.Sum(sum);
    }
}
