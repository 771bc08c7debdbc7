namespace VectorNN.Kernels.Widths;

/// <summary>
/// A kernel body written once for every width: <see cref="Simd.Run{T, TKernel}"/> chooses the width and calls
/// <see cref="Run{TVec, TOps}"/> with it. Implementations are (ref) structs holding the kernel's arguments, so the JIT
/// compiles one specialized method per kernel and width.
/// </summary>
internal interface IWidthKernel<T>
{
    void Run<TVec, TOps>()
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>;
}
