using System.Globalization;
using VectorNN.Peers;

// VectorNN against TorchSharp (libtorch, CPU) and ONNX Runtime (CPU). See README.md beside this file.
//   VectorNN.Peers [--json FILE] [--sections iris,mlp-train,inference,gemm,onnx] [--threads 1,2]
//   VectorNN.Peers fashion [--data DIR] [--threads 2] [--epochs 5] [--batch 128] [--lr 0.001] [--seed 1] [--json]
//   VectorNN.Peers measure SECTION LIBRARY THREADS MODELS OUTPUT.json   (one section in this process; used by the first form)
try
{
    return args.FirstOrDefault() switch
    {
        "measure" when args.Length == 6 => Measure(args),
        "fashion" => Fashion(args[1..]),
        "--help" or "-h" => Usage(0),
        _ => Compare(args),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    return Usage(2);
}

static int Measure(string[] args)
{
    SectionLauncher.Measure(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4], args[5]);
    return 0;
}

static int Compare(string[] args)
{
    var options = Options.Parse(args, ["--json", "--sections", "--threads"], []);
    string[] sections = options.Get("--sections")?.Split(',') ?? Workloads.Sections;
    if (sections.FirstOrDefault(s => !Workloads.Sections.Contains(s)) is string unknown)
    {
        throw new UsageException($"--sections: unknown section '{unknown}'; expected some of {string.Join(",", Workloads.Sections)}.");
    }

    int[] threads = (options.Get("--threads") ?? "1,2").Split(',').Select(t => Options.Positive(t, "--threads")).ToArray();
    (List<Measurement> measurements, int failures) = SectionLauncher.RunAll(sections, threads);
    List<ResultTable.Row> rows = ResultTable.Pair(measurements);
    MachineInfo machine = MachineInfo.Current();
    ResultTable.Print(machine, rows, Console.Out);
    if (options.Get("--json") is string path)
    {
        ResultTable.WriteJson(path, machine, rows);
        Console.WriteLine($"wrote {path}");
    }

    return failures == 0 ? 0 : 1;
}

static int Fashion(string[] args)
{
    var options = Options.Parse(args, ["--data", "--threads", "--epochs", "--batch", "--lr", "--seed"], ["--json"]);
    return FashionMnist.Run(
        options.Get("--data") ?? FashionMnist.DefaultDataDirectory,
        Options.Positive(options.Get("--threads") ?? "2", "--threads"),
        Options.Positive(options.Get("--epochs") ?? "5", "--epochs"),
        Options.Positive(options.Get("--batch") ?? "128", "--batch"),
        double.Parse(options.Get("--lr") ?? "0.001", CultureInfo.InvariantCulture),
        long.Parse(options.Get("--seed") ?? "1", CultureInfo.InvariantCulture),
        options.Has("--json"));
}

static int Usage(int exitCode)
{
    (exitCode == 0 ? Console.Out : Console.Error).WriteLine(
        """
        usage: VectorNN.Peers [--json FILE] [--sections iris,mlp-train,inference,gemm,onnx] [--threads 1,2]
               VectorNN.Peers fashion [--data DIR] [--threads 2] [--epochs 5] [--batch 128] [--lr 0.001] [--seed 1] [--json]
        """);
    return exitCode;
}
