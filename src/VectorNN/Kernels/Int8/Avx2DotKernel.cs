using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels.Int8;

/// <summary>32 bytes per step: widen both operands to 16 bits, then <c>VPMADDWD</c> (see <see cref="Int8InstructionSet.Avx2"/>).</summary>
internal readonly struct Avx2DotKernel : IInt8DotKernel<Vector256<int>>
{
    public static int Step => Vector256<byte>.Count;

    public static Vector256<int> Zero => Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<int> sum, ref byte activations, ref sbyte weights)
    {
        Vector256<byte> u = Vector256.LoadUnsafe(ref activations);
        Vector256<sbyte> s = Vector256.LoadUnsafe(ref weights);
        Vector256<int> low = Avx2.MultiplyAddAdjacent(Vector256.WidenLower(u).AsInt16(), Vector256.WidenLower(s));
        Vector256<int> high = Avx2.MultiplyAddAdjacent(Vector256.WidenUpper(u).AsInt16(), Vector256.WidenUpper(s));
        return sum + low + high;
    }

    public static int Sum(Vector256<int> sum) => Vector256.Sum(sum);
}
