using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels.Int8;

/// <summary>A panel step on two ymm registers: even and odd bytes widened to 16 bits, two <c>VPMADDWD</c> per half (see <see cref="Int8Widening"/>).</summary>
internal readonly struct Avx2PanelKernel : IInt8PanelKernel<Pair<Vector256<int>>, Pair<Vector256<short>>, Pair<Pair<Vector256<short>>>>
{
    public static Pair<Vector256<int>> Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<Vector256<short>> Broadcast(int fourBytes)
    {
        (int even, int odd) = Int8Widening.Split(fourBytes);
        return new(Vector256.Create(even).AsInt16(), Vector256.Create(odd).AsInt16());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<Pair<Vector256<short>>> Load(ref sbyte panel) =>
        new(Widen(Vector256.LoadUnsafe(ref panel)), Widen(Vector256.LoadUnsafe(ref panel, (nuint)Vector256<sbyte>.Count)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<Vector256<int>> MultiplyAdd(Pair<Vector256<int>> sums, Pair<Vector256<short>> activations, Pair<Pair<Vector256<short>>> weights) =>
        new(MultiplyAdd(sums.First, activations, weights.First), MultiplyAdd(sums.Second, activations, weights.Second));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Pair<Vector256<int>> sums, ref int destination)
    {
        sums.First.StoreUnsafe(ref destination);
        sums.Second.StoreUnsafe(ref destination, (nuint)Vector256<int>.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Pair<Vector256<short>> Widen(Vector256<sbyte> bytes)
    {
        Vector256<short> w = bytes.AsInt16();
        return new(Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(w, 8), 8), Vector256.ShiftRightArithmetic(w, 8));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> MultiplyAdd(Vector256<int> sums, Pair<Vector256<short>> activations, Pair<Vector256<short>> weights) =>
        sums + Avx2.MultiplyAddAdjacent(activations.First, weights.First) + Avx2.MultiplyAddAdjacent(activations.Second, weights.Second);
}
