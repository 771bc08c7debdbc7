using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels.Int8;

/// <summary>A panel step on one zmm register: even and odd bytes widened to 16 bits, two <c>VPMADDWD</c> (see <see cref="Int8Widening"/>).</summary>
internal readonly struct Avx512BWPanelKernel : IInt8PanelKernel<Vector512<int>, Pair<Vector512<short>>, Pair<Vector512<short>>>
{
    public static Vector512<int> Zero => Vector512<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<Vector512<short>> Broadcast(int fourBytes)
    {
        (int even, int odd) = Int8Widening.Split(fourBytes);
        return new(Vector512.Create(even).AsInt16(), Vector512.Create(odd).AsInt16());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<Vector512<short>> Load(ref sbyte panel)
    {
        Vector512<short> w = Vector512.LoadUnsafe(ref panel).AsInt16();
        return new(Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(w, 8), 8), Vector512.ShiftRightArithmetic(w, 8));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyAdd(Vector512<int> sums, Pair<Vector512<short>> activations, Pair<Vector512<short>> weights) =>
        sums + Avx512BW.MultiplyAddAdjacent(activations.First, weights.First) + Avx512BW.MultiplyAddAdjacent(activations.Second, weights.Second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<int> sums, ref int destination) => sums.StoreUnsafe(ref destination);
}
