using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>
/// The one loop behind every optimizer kernel: it walks the parameters, their gradients and the rule's state arrays
/// together and applies an <see cref="IUpdateRule{T}"/> to each vector. Callers have checked lengths and aliasing
/// (all arrays disjoint).
/// </summary>
/// <remarks>
/// <para>
/// The remainder is the last full vector, computed from the original values before the main loop writes anything and
/// stored after it: each element's update depends only on that element, so the overlapped elements are stored twice
/// with the same value.
/// </para>
/// <para>
/// Each width runs in a method of its own, compiled fully optimized on first use: with all widths in one method the
/// JIT runs out of inlining budget and calls the rule out of line (see <see cref="ElementWiseLoop"/>).
/// </para>
/// </remarks>
internal static class ParameterUpdateCore
{
    /// <summary>Updates n elements at the widest width that fits n; <paramref name="s1"/> and <paramref name="s2"/> are read only if the rule has them.</summary>
    public static void Apply<T, TRule>(ref T w, ref T g, ref T s1, ref T s2, int n, TRule rule)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T>
    {
        if (n == 0)
        {
            return;
        }

        switch (Simd.WidthFor<T>(n))
        {
            case VectorWidth.Vector512:
                Apply512(ref w, ref g, ref s1, ref s2, (nuint)n, rule);
                break;
            case VectorWidth.Vector256:
                Apply256(ref w, ref g, ref s1, ref s2, (nuint)n, rule);
                break;
            case VectorWidth.Vector128:
                Apply128(ref w, ref g, ref s1, ref s2, (nuint)n, rule);
                break;
            default:
                ApplyScalar(ref w, ref g, ref s1, ref s2, (nuint)n, rule);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Apply512<T, TRule>(ref T w, ref T g, ref T s1, ref T s2, nuint n, TRule rule)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T> =>
        Apply<T, Vector512<T>, Vector512Ops<T>, TRule>(ref w, ref g, ref s1, ref s2, n, rule);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Apply256<T, TRule>(ref T w, ref T g, ref T s1, ref T s2, nuint n, TRule rule)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T> =>
        Apply<T, Vector256<T>, Vector256Ops<T>, TRule>(ref w, ref g, ref s1, ref s2, n, rule);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Apply128<T, TRule>(ref T w, ref T g, ref T s1, ref T s2, nuint n, TRule rule)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T> =>
        Apply<T, Vector128<T>, Vector128Ops<T>, TRule>(ref w, ref g, ref s1, ref s2, n, rule);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ApplyScalar<T, TRule>(ref T w, ref T g, ref T s1, ref T s2, nuint n, TRule rule)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T> =>
        Apply<T, T, ScalarOps<T>, TRule>(ref w, ref g, ref s1, ref s2, n, rule);

    /// <summary>Requires n &gt;= TOps.Count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Apply<T, TVec, TOps, TRule>(ref T w, ref T g, ref T s1, ref T s2, nuint n, TRule rule)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
        where TRule : struct, IUpdateRule<T>
    {
        nuint c = (nuint)TOps.Count;
        nuint last = n - c;
        TVec tailW = Compute<T, TVec, TOps, TRule>(ref w, ref g, ref s1, ref s2, last, rule, out TVec tailS1, out TVec tailS2);
        for (nuint i = 0; i < last; i += c)
        {
            TVec wi = Compute<T, TVec, TOps, TRule>(ref w, ref g, ref s1, ref s2, i, rule, out TVec s1i, out TVec s2i);
            Store<T, TVec, TOps, TRule>(wi, s1i, s2i, ref w, ref s1, ref s2, i);
        }

        Store<T, TVec, TOps, TRule>(tailW, tailS1, tailS2, ref w, ref s1, ref s2, last);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Compute<T, TVec, TOps, TRule>(
        ref T w, ref T g, ref T s1, ref T s2, nuint i, TRule rule, out TVec newS1, out TVec newS2)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
        where TRule : struct, IUpdateRule<T>
    {
        newS1 = TRule.StateCount >= 1 ? TOps.Load(ref s1, i) : TOps.Zero;
        newS2 = TRule.StateCount >= 2 ? TOps.Load(ref s2, i) : TOps.Zero;
        return rule.Apply<TVec, TOps>(TOps.Load(ref w, i), TOps.Load(ref g, i), ref newS1, ref newS2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T, TVec, TOps, TRule>(TVec newW, TVec newS1, TVec newS2, ref T w, ref T s1, ref T s2, nuint i)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
        where TRule : struct, IUpdateRule<T>
    {
        TOps.Store(newW, ref w, i);
        if (TRule.StateCount >= 1)
        {
            TOps.Store(newS1, ref s1, i);
        }

        if (TRule.StateCount >= 2)
        {
            TOps.Store(newS2, ref s2, i);
        }
    }
}
