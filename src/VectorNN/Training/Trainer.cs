using System.Diagnostics;
using System.Numerics;
using VectorNN.Data;
using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Memory;
using VectorNN.Optim;

namespace VectorNN.Training;

/// <summary>
/// Trains a <see cref="Network{T}"/> with an <see cref="Optimizer{T}"/>: epochs of mini-batches in a seeded random
/// order, each step a forward pass, back-propagation and one optimizer update.
/// </summary>
/// <remarks>
/// <para>
/// A step allocates nothing once the first has run. Every step checks that its loss and every layer's gradients are
/// finite before the update, and throws <see cref="TrainingDivergedException"/> otherwise, so the network keeps the
/// parameters of the last finite step. (An update that itself overflows, a finite gradient times the learning rate
/// beyond the element type's range, is not caught until the next step's loss; the checks guard the gradients, not the
/// arithmetic of the update.) For the same network, data, options and optimizer, training is bit-identical
/// from run to run on one machine (same SIMD width), and a run resumed from its saved optimizer state and
/// <see cref="State"/> continues as if it had not stopped.
/// </para>
/// <para>An instance is not thread-safe.</para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Trainer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Backpropagation<T> pass;
    private readonly T[] batchInputs;
    private readonly T[] batchTargets;
    private int steps;

    /// <summary>Creates a trainer; the network's parameters are used as they are (initialize them first).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The loss does not fit the network's output activation.</exception>
    public Trainer(Network<T> network, Optimizer<T> optimizer, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Network = network;
        Optimizer = optimizer;
        Options = options;
        pass = new Backpropagation<T>(network, options.Loss, options.BatchSize);
        batchInputs = new T[checked(options.BatchSize * network.InputCount)];
        batchTargets = new T[checked(options.BatchSize * network.OutputCount)];
        State = TrainingState.Start(options.Seed);
    }

    /// <summary>The network being trained.</summary>
    public Network<T> Network { get; }

    /// <summary>The optimizer that updates it.</summary>
    public Optimizer<T> Optimizer { get; }

    /// <summary>The training options.</summary>
    public TrainingOptions Options { get; }

    /// <summary>
    /// Where the run stands: epochs completed and the shuffling generator's position; at first
    /// <see cref="TrainingState.Start"/> of <see cref="TrainingOptions.Seed"/>. <see cref="Fit"/> continues from it and
    /// advances it after every completed epoch (an interrupted epoch leaves it at the last completed one). To resume a
    /// saved run exactly, set it to the state loaded with the optimizer's (<see cref="IO.OptimizerStateFile.TryLoad"/>).
    /// </summary>
    public TrainingState State
    {
        get;
        set => field = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Trains for <see cref="TrainingOptions.Epochs"/> more epochs from <see cref="State"/> and returns a report per
    /// epoch; epochs are numbered from the run's start, so a resumed run continues the numbering. After every epoch that
    /// is a multiple of <see cref="TrainingOptions.ReportEvery"/>, <paramref name="progress"/> receives that epoch's report.
    /// </summary>
    /// <param name="data">The training samples; widths must match the network.</param>
    /// <param name="progress">Optional; called on the training thread.</param>
    /// <param name="cancellationToken">Checked before every step; on cancellation the network keeps the last step's parameters.</param>
    /// <param name="batchProgress">Optional; called on the training thread after every step (for progress bars).</param>
    /// <exception cref="ArgumentException">The data's widths do not match the network.</exception>
    /// <exception cref="TrainingDivergedException">A loss or gradient was not finite.</exception>
    /// <exception cref="OperationCanceledException">Training was cancelled.</exception>
    public IReadOnlyList<EpochReport> Fit(
        Dataset<T> data,
        Action<EpochReport>? progress = null,
        CancellationToken cancellationToken = default,
        Action<BatchReport>? batchProgress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        RequireMatchingWidths(Network, data, nameof(data));
        int inputs = Network.InputCount;
        int outputs = Network.OutputCount;
        int batchSize = Options.BatchSize;
        var order = new int[data.Count];
        var random = new DeterministicRandom(State.Shuffle);
        var reports = new List<EpochReport>(Options.Epochs);
        int batches = (data.Count + batchSize - 1) / batchSize;
        for (int done = 0; done < Options.Epochs; done++)
        {
            int epoch = checked(State.EpochsCompleted + 1);
            if (Options.Shuffle)
            {
                // Each epoch permutes the data order afresh, so the generator's position is all a resumed run needs.
                for (int i = 0; i < order.Length; i++)
                {
                    order[i] = i;
                }

                random.Shuffle(order);
            }

            long started = Stopwatch.GetTimestamp();
            double lossSum = 0;
            for (int start = 0, number = 1; start < data.Count; start += batchSize, number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int batch = Math.Min(batchSize, data.Count - start);
                ReadOnlySpan<T> x, t;
                if (Options.Shuffle)
                {
                    for (int s = 0; s < batch; s++)
                    {
                        data.Input(order[start + s]).CopyTo(batchInputs.AsSpan(s * inputs));
                        data.Target(order[start + s]).CopyTo(batchTargets.AsSpan(s * outputs));
                    }

                    x = batchInputs.AsSpan(0, batch * inputs);
                    t = batchTargets.AsSpan(0, batch * outputs);
                }
                else
                {
                    // In data order a batch is a contiguous slice: no copy.
                    x = data.Inputs.Slice(start * inputs, batch * inputs);
                    t = data.Targets.Slice(start * outputs, batch * outputs);
                }

                double loss = Step(x, t, batch, epoch, number);
                lossSum += batch * loss;
                batchProgress?.Invoke(new BatchReport(epoch, number, batches, start + batch, loss));
            }

            var report = new EpochReport(epoch, lossSum / data.Count, data.Count, Stopwatch.GetElapsedTime(started));
            State = State.Next(random);
            reports.Add(report);
            if (epoch % Options.ReportEvery == 0)
            {
                progress?.Invoke(report);
            }
        }

        return reports;
    }

    /// <summary>
    /// One training step on a batch given directly: back-propagation, the finite checks, and the optimizer update.
    /// Returns the batch's loss before the update.
    /// </summary>
    /// <param name="inputs">The samples [batch x inputs], row-major, finite.</param>
    /// <param name="targets">The targets [batch x outputs], row-major, finite.</param>
    /// <param name="batch">Number of samples, 1 to <see cref="TrainingOptions.BatchSize"/>.</param>
    /// <exception cref="ArgumentException">The batch is out of range or a span is not exactly as long as it needs.</exception>
    /// <exception cref="TrainingDivergedException">The loss or a gradient was not finite (epoch 0, batch = this step's number).</exception>
    public double TrainBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int batch) =>
        Step(inputs, targets, batch, 0, steps + 1);

    /// <summary>Throws unless the data's input and target widths are the network's.</summary>
    internal static void RequireMatchingWidths(Network<T> network, Dataset<T> data, string paramName)
    {
        if (data.InputWidth != network.InputCount)
        {
            throw new ArgumentException(
                $"Expected samples of {network.InputCount} inputs (the network's input width), got {data.InputWidth}.", paramName);
        }

        if (data.TargetWidth != network.OutputCount)
        {
            throw new ArgumentException(
                $"Expected targets of {network.OutputCount} values (the network's outputs), got {data.TargetWidth}.", paramName);
        }
    }

    private double Step(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int batch, int epoch, int number)
    {
        double loss = pass.ComputeGradients(inputs, targets, batch);
        if (!double.IsFinite(loss))
        {
            throw new TrainingDivergedException(epoch, number, -1, $"{Where(epoch, number)}: the loss is {loss}; the update was not applied.");
        }

        // One pass over all gradients; only a failure looks for the layer to name.
        ParameterArena<T> arena = Network.Parameters;
        if (!Reduce.AllFinite<T>(arena.Gradients))
        {
            int layer = 0;
            while (Reduce.AllFinite<T>(arena.WeightGradients(layer)) && Reduce.AllFinite<T>(arena.BiasGradients(layer)))
            {
                layer++;
            }

            throw new TrainingDivergedException(
                epoch, number, layer, $"{Where(epoch, number)}: layer {layer} has a NaN or infinite gradient; the update was not applied.");
        }

        Optimizer.Step(arena);
        steps++;
        return loss;
    }

    private static string Where(int epoch, int number) =>
        epoch > 0 ? $"Training diverged at epoch {epoch}, batch {number}" : $"Training diverged at step {number}";
}
