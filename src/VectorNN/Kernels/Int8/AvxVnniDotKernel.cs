using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels.Int8;

/// <summary>32 bytes per step in one <c>VPDPBUSD</c> (see <see cref="Int8InstructionSet.AvxVnni"/>).</summary>
internal readonly struct AvxVnniDotKernel : IInt8DotKernel<Vector256<int>>
{
    public static int Step => Vector256<byte>.Count;

    public static Vector256<int> Zero => Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<int> sum, ref byte activations, ref sbyte weights) =>
        AvxVnni.MultiplyWideningAndAdd(sum, Vector256.LoadUnsafe(ref activations), Vector256.LoadUnsafe(ref weights));

    public static int Sum(Vector256<int> sum) => Vector256.Sum(sum);
}
