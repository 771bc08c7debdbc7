using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Cores;
using VectorNN.Kernels.Threading;
using VectorNN.Memory;

namespace VectorNN.Layers;

/// <summary>
/// One sample through every layer of a network in one hand-off to the workers: the rows of each large layer are
/// split between the threads, and the threads meet at a barrier between layers instead of a hand-off per layer.
/// </summary>
/// <remarks>
/// <para>
/// One sample is bound by streaming the weights from cache (bench/RESULTS.md, "One sample at the bandwidth limit"):
/// 940,608 bytes for 784-256-128-10, about one core's L2. Seat p of the job (<see cref="WorkerPool.CurrentSlot"/>)
/// computes part p of every split layer, so each core keeps reading the same rows, which stay in its own L2 across
/// calls; a wake-up costs about 0.5 us and a barrier about half that, so one hand-off for all layers pays where one
/// per layer did not.
/// </para>
/// <para>
/// A part belongs to its seat but is not reserved for it: a thread that waits at a barrier takes the unclaimed parts
/// of a seat whose thread has not arrived, or that it has waited for longer than <see cref="StealTicks"/> (another
/// process holds that core), so a call is never much slower than on one thread. Each part is claimed once.
/// </para>
/// <para>
/// Each output is the same dot product whatever the split (parts hold whole multiples of <see cref="RowUnit"/> rows,
/// as in <see cref="GemvParallel{T}"/>), and an activation is applied inside a part only where it is exact element by
/// element; any other activation of a split layer runs as its own phase on the whole layer. So the results are
/// bit-identical to the layer-by-layer path on one thread.
/// </para>
/// </remarks>
internal sealed unsafe class OneSampleForward<T> : IParallelJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Layers with at least this many weights (64 KB of float) are split: the hand-off is already paid, and a barrier
    // costs less than the second core saves on 256 -> 128.
    private const long SplitElements = 1 << 14;

    // Parts hold whole multiples of this many rows, so no part boundary splits the kernel's row blocks.
    private const int RowUnit = 8;

    // A part whose thread has arrived is left to it for this long before a waiting thread takes it: well beyond the
    // wake-up of a spinning worker and the jitter between two cores running the same phase, so a part moves to the
    // other core (and its rows out of their L2) only when its thread has lost its core. 2 us measured no better.
    private static readonly long StealTicks = Stopwatch.Frequency / 100_000;

    [ThreadStatic]
    private static OneSampleForward<T>? threadJob;

    private Phase[] phases = new Phase[8];
    private int[] claimed = new int[16];
    private int[] finished = new int[8];
    private int[] arrived = new int[2];
    private int phaseCount;
    private int slots;

    /// <summary>
    /// Runs the sample through the layers on several threads and returns true, or returns false where no layer is
    /// large enough to split or only one thread may be used (then the caller takes the layer-by-layer path).
    /// </summary>
    /// <param name="specs">The layers' activations.</param>
    /// <param name="slices">The layers' places in <paramref name="parameters"/>.</param>
    /// <param name="parameters">The network's parameters.</param>
    /// <param name="input">The sample.</param>
    /// <param name="scratch">Two halves of <paramref name="half"/> elements for the hidden layers' outputs.</param>
    /// <param name="half">The offset of the second half of <paramref name="scratch"/>.</param>
    /// <param name="output">The last layer's outputs.</param>
    public static bool TryRun(
        ReadOnlySpan<LayerSpec> specs, ReadOnlySpan<LayerSlice> slices, ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, Span<T> scratch, int half, Span<T> output)
    {
        int threads = WorkerPool.Shared.MaxParts;
        if (threads == 1 || !AnySplit(slices))
        {
            return false;
        }

        OneSampleForward<T> job = threadJob ??= new OneSampleForward<T>();
        fixed (T* p = parameters, x = input, s = scratch, y = output)
        {
            job.Plan(specs, slices, p, x, s, half, y, threads);
            WorkerPool.Shared.Run(job, threads);

            // The pool may have run every Execute on its workers (they claimed all its parts first), and a worker
            // leaves after its own seat's last part: whatever no one ran is left, with every claimed part done.
            job.WaitThrough(0, job.phaseCount);
        }

        return true;
    }

    /// <summary>Runs seat <see cref="WorkerPool.CurrentSlot"/>'s parts of every layer, and on the calling thread waits for the last layer.</summary>
    /// <param name="part">Unused: seats follow threads, not the pool's part numbers, so that rows stay with cores.</param>
    public void Execute(int part)
    {
        int slot = WorkerPool.CurrentSlot;
        bool caller = slot == 0;
        if (slot < slots)
        {
            Volatile.Write(ref arrived[slot], 1);
        }

        int complete = 0;
        for (int i = 0; i < phaseCount; i++)
        {
            if (slot >= phases[i].Parts)
            {
                continue;
            }

            complete = WaitThrough(complete, i);
            if (Interlocked.CompareExchange(ref claimed[(i * slots) + slot], 1, 0) == 0)
            {
                Run(i, slot);
            }
        }

        if (caller)
        {
            WaitThrough(complete, phaseCount);
        }
    }

    private static bool AnySplit(ReadOnlySpan<LayerSlice> slices)
    {
        foreach (LayerSlice slice in slices)
        {
            if (Splits(slice))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Splits(LayerSlice slice) => slice.WeightCount >= SplitElements && slice.Outputs >= 2 * RowUnit;

    // Exact element by element at every width and position, so applying them to a part of a layer gives the same
    // values as applying them to the whole layer.
    private static bool ExactPerElement(Activation activation) =>
        activation is Activation.Identity or Activation.Relu or Activation.LeakyRelu;

    private void Plan(ReadOnlySpan<LayerSpec> specs, ReadOnlySpan<LayerSlice> slices, T* parameters, T* input, T* scratch, int half, T* output, int threads)
    {
        slots = threads;
        phaseCount = 0;
        T* x = input;
        for (int i = 0; i < slices.Length; i++)
        {
            LayerSlice slice = slices[i];
            T* y = i == slices.Length - 1 ? output : scratch + ((i & 1) * half);
            (int parts, int step) = Splits(slice) ? WorkerPool.Split(slice.Outputs, RowUnit, threads) : (1, slice.Outputs);
            Activation activation = specs[i].Activation;
            bool inPart = parts == 1 || ExactPerElement(activation);
            Add(new Phase(parameters + slice.WeightOffset, parameters + slice.BiasOffset, x, y, slice.Outputs, slice.Inputs, parts, step, activation, inPart ? PhaseKind.LayerAndActivation : PhaseKind.Layer));
            if (!inPart)
            {
                Add(new Phase(null, null, y, y, slice.Outputs, slice.Inputs, 1, slice.Outputs, activation, PhaseKind.Activation));
            }

            x = y;
        }

        if (claimed.Length < phaseCount * slots)
        {
            claimed = new int[phaseCount * slots];
        }

        if (arrived.Length < slots)
        {
            arrived = new int[slots];
        }

        Array.Clear(claimed, 0, phaseCount * slots);
        Array.Clear(finished, 0, phaseCount);
        Array.Clear(arrived, 0, slots);
    }

    private void Add(Phase phase)
    {
        if (phaseCount == phases.Length)
        {
            Array.Resize(ref phases, 2 * phaseCount);
            Array.Resize(ref finished, 2 * phaseCount);
        }

        phases[phaseCount++] = phase;
    }

    /// <summary>
    /// Waits until every part of phases <paramref name="from"/> to <paramref name="through"/> - 1 is done, taking the
    /// unclaimed parts of absent or late seats meanwhile; returns <paramref name="through"/>.
    /// </summary>
    private int WaitThrough(int from, int through)
    {
        for (int i = from; i < through; i++)
        {
            int parts = phases[i].Parts;
            if (Volatile.Read(ref finished[i]) == parts)
            {
                continue;
            }

            long patience = Stopwatch.GetTimestamp() + StealTicks;
            while (Volatile.Read(ref finished[i]) < parts)
            {
                bool late = Stopwatch.GetTimestamp() > patience;
                for (int seat = 0; seat < parts; seat++)
                {
                    ref int claim = ref claimed[(i * slots) + seat];
                    if (Volatile.Read(ref claim) == 0 && (late || Volatile.Read(ref arrived[seat]) == 0)
                        && Interlocked.CompareExchange(ref claim, 1, 0) == 0)
                    {
                        Run(i, seat);
                    }
                }

                Thread.SpinWait(1);
            }
        }

        return through;
    }

    private void Run(int phase, int seat)
    {
        try
        {
            ref readonly Phase p = ref phases[phase];
            int first = seat * p.Step;
            int count = Math.Min(p.Rows, first + p.Step) - first;
            if (count <= 0)
            {
                return;
            }

            if (p.Kind != PhaseKind.Activation)
            {
                GemvCore.Multiply(
                    ref Unsafe.AsRef<T>(p.Weights + ((nint)first * p.Columns)),
                    ref Unsafe.AsRef<T>(p.X),
                    ref Unsafe.AsRef<T>(p.Bias + first),
                    1,
                    count,
                    p.Columns,
                    ref Unsafe.AsRef<T>(p.Y + first));
            }

            if (p.Kind != PhaseKind.Layer)
            {
                var y = new Span<T>(p.Y + first, count);
                ActivationLayer.Forward(p.Activation, y, 1, count, y);
            }
        }
        finally
        {
            Interlocked.Increment(ref finished[phase]);
        }
    }

    private enum PhaseKind
    {
        /// <summary>y = W x + b for the part's rows.</summary>
        Layer,

        /// <summary>y = f(W x + b) for the part's rows.</summary>
        LayerAndActivation,

        /// <summary>y = f(y) for the whole layer.</summary>
        Activation,
    }

    private readonly struct Phase(T* weights, T* bias, T* x, T* y, int rows, int columns, int parts, int step, Activation activation, PhaseKind kind)
    {
        public readonly T* Weights = weights;
        public readonly T* Bias = bias;
        public readonly T* X = x;
        public readonly T* Y = y;
        public readonly int Rows = rows;
        public readonly int Columns = columns;
        public readonly int Parts = parts;
        public readonly int Step = step;
        public readonly Activation Activation = activation;
        public readonly PhaseKind Kind = kind;
    }
}
