using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels.Int8;

/// <summary>A panel step on four xmm registers: even and odd bytes widened to 16 bits, two <c>PMADDWD</c> per quarter (see <see cref="Int8Widening"/>).</summary>
internal readonly struct Sse2PanelKernel : IInt8PanelKernel<Pair<Pair<Vector128<int>>>, Pair<Vector128<short>>, Pair<Pair<Pair<Vector128<short>>>>>
{
    public static Pair<Pair<Vector128<int>>> Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<Vector128<short>> Broadcast(int fourBytes)
    {
        (int even, int odd) = Int8Widening.Split(fourBytes);
        return new(Vector128.Create(even).AsInt16(), Vector128.Create(odd).AsInt16());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<Pair<Pair<Vector128<short>>>> Load(ref sbyte panel) => new(
        new(Widen(Vector128.LoadUnsafe(ref panel)), Widen(Vector128.LoadUnsafe(ref panel, 16))),
        new(Widen(Vector128.LoadUnsafe(ref panel, 32)), Widen(Vector128.LoadUnsafe(ref panel, 48))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<Pair<Vector128<int>>> MultiplyAdd(Pair<Pair<Vector128<int>>> sums, Pair<Vector128<short>> activations, Pair<Pair<Pair<Vector128<short>>>> weights) => new(
        new(MultiplyAdd(sums.First.First, activations, weights.First.First), MultiplyAdd(sums.First.Second, activations, weights.First.Second)),
        new(MultiplyAdd(sums.Second.First, activations, weights.Second.First), MultiplyAdd(sums.Second.Second, activations, weights.Second.Second)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Pair<Pair<Vector128<int>>> sums, ref int destination)
    {
        sums.First.First.StoreUnsafe(ref destination);
        sums.First.Second.StoreUnsafe(ref destination, 4);
        sums.Second.First.StoreUnsafe(ref destination, 8);
        sums.Second.Second.StoreUnsafe(ref destination, 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Pair<Vector128<short>> Widen(Vector128<sbyte> bytes)
    {
        Vector128<short> w = bytes.AsInt16();
        return new(Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(w, 8), 8), Vector128.ShiftRightArithmetic(w, 8));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> MultiplyAdd(Vector128<int> sums, Pair<Vector128<short>> activations, Pair<Vector128<short>> weights) =>
        sums + Sse2.MultiplyAddAdjacent(activations.First, weights.First) + Sse2.MultiplyAddAdjacent(activations.Second, weights.Second);
}
