using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels.Int8;

/// <summary>A panel step in two <c>VPDPBUSD</c> on ymm registers (see <see cref="Int8InstructionSet.AvxVnni"/>).</summary>
internal readonly struct AvxVnniPanelKernel : IInt8PanelKernel<Pair<Vector256<int>>, Vector256<byte>, Pair<Vector256<sbyte>>>
{
    public static Pair<Vector256<int>> Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Broadcast(int fourBytes) => Vector256.Create(fourBytes).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<Vector256<sbyte>> Load(ref sbyte panel) =>
        new(Vector256.LoadUnsafe(ref panel), Vector256.LoadUnsafe(ref panel, (nuint)Vector256<sbyte>.Count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Pair<Vector256<int>> MultiplyAdd(Pair<Vector256<int>> sums, Vector256<byte> activations, Pair<Vector256<sbyte>> weights) =>
        new(AvxVnni.MultiplyWideningAndAdd(sums.First, activations, weights.First), AvxVnni.MultiplyWideningAndAdd(sums.Second, activations, weights.Second));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Pair<Vector256<int>> sums, ref int destination)
    {
        sums.First.StoreUnsafe(ref destination);
        sums.Second.StoreUnsafe(ref destination, (nuint)Vector256<int>.Count);
    }
}
