namespace VectorNN.Kernels;

/// <summary>
/// One GEMM as the driver computes it, after the choice of path: op(A) [M x K] and op(B) [K x N] by their element
/// steps, C [M x N] by its row and column steps. <see cref="OwnedRows"/> asks for the split between threads along the
/// stored C's rows as <see cref="Threading.RowOwnership"/> assigns them (the problem's columns when the path computes
/// C^T).
/// </summary>
internal readonly record struct GemmProblem(
    nint ARowStep, nint ADepthStep, nint BDepthStep, nint BColumnStep, int M, int N, int K,
    nint CRowStep, nint CColumnStep, bool Accumulate, bool Narrow, bool OwnedRows = false);
