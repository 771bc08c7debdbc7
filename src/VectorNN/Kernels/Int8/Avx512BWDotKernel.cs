using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels.Int8;

/// <summary>64 bytes per step: widen both operands to 16 bits, then <c>VPMADDWD</c> on zmm (see <see cref="Int8InstructionSet.Avx512BW"/>).</summary>
internal readonly struct Avx512BWDotKernel : IInt8DotKernel<Vector512<int>>
{
    public static int Step => Vector512<byte>.Count;

    public static Vector512<int> Zero => Vector512<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyAdd(Vector512<int> sum, ref byte activations, ref sbyte weights)
    {
        Vector512<byte> u = Vector512.LoadUnsafe(ref activations);
        Vector512<sbyte> s = Vector512.LoadUnsafe(ref weights);
        Vector512<int> low = Avx512BW.MultiplyAddAdjacent(Vector512.WidenLower(u).AsInt16(), Vector512.WidenLower(s));
        Vector512<int> high = Avx512BW.MultiplyAddAdjacent(Vector512.WidenUpper(u).AsInt16(), Vector512.WidenUpper(s));
        return sum + low + high;
    }

    public static int Sum(Vector512<int> sum) => Vector512.Sum(sum);
}
