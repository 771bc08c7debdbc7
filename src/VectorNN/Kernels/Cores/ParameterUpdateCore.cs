using System.Numerics;
using System.Runtime.CompilerServices;
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
/// Each width runs in a method of its own (the kernel's <see cref="IWidthKernel{T}.Run"/>), compiled fully optimized
/// on first use: with all widths in one method the JIT runs out of inlining budget and calls the rule out of line
/// (see <see cref="ElementWiseLoop"/>).
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

        var kernel = new Kernel<T, TRule>(ref w, ref g, ref s1, ref s2, n, rule);
        Simd.Run<T, Kernel<T, TRule>>(n, ref kernel);
    }

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

    private readonly ref struct Kernel<T, TRule> : IWidthKernel<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TRule : struct, IUpdateRule<T>
    {
        private readonly ref T w;
        private readonly ref T g;
        private readonly ref T s1;
        private readonly ref T s2;
        private readonly int n;
        private readonly TRule rule;

        public Kernel(ref T w, ref T g, ref T s1, ref T s2, int n, TRule rule)
        {
            this.w = ref w;
            this.g = ref g;
            this.s1 = ref s1;
            this.s2 = ref s2;
            this.n = n;
            this.rule = rule;
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec> =>
            Apply<T, TVec, TOps, TRule>(ref w, ref g, ref s1, ref s2, (nuint)n, rule);
    }
}
