using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectorNN.Cli.Launch;

/// <summary>
/// Hands the command line to the fastest build of the program the machine runs. A NativeAOT publish for linux-x64
/// puts, beside the portable program, builds compiled for x86-64-v3 and x86-64-v4 (see the project file): code
/// compiled ahead of time has one vector width, fixed at compile time, so the portable build alone would run the
/// kernels at Vector128 without FMA on every machine.
/// </summary>
internal static class LevelLauncher
{
    /// <summary>The file name of the build of <paramref name="program"/> compiled for <paramref name="level"/>.</summary>
    public static string FileName(string program, InstructionSetLevel level) => $"{program}-x86-64-v{(int)level}";

    /// <summary>
    /// Replaces this process with the fastest build beside it when this one is a NativeAOT build for a lower level
    /// than the machine's; returns (and the program runs itself) when there is none or it cannot be started.
    /// </summary>
    public static void RunFastestBuild(string[] args)
    {
        // Under the JIT the kernels already use the machine's widest vectors.
        if (RuntimeFeature.IsDynamicCodeCompiled || !OperatingSystem.IsLinux() || Environment.ProcessPath is not string self)
        {
            return;
        }

        for (InstructionSetLevel level = CpuLevel.Detect(); level > CpuLevel.Compiled; level--)
        {
            string build = FileName(self, level);
            if (File.Exists(build))
            {
                Execute(build, args);
            }
        }
    }

    /// <summary>execv: the build takes over this process (its id, terminal, signals and exit code); returns on failure.</summary>
    private static void Execute(string path, string[] args)
    {
        var argv = new nint[args.Length + 2];
        try
        {
            argv[0] = Marshal.StringToCoTaskMemUTF8(path);
            for (int i = 0; i < args.Length; i++)
            {
                argv[i + 1] = Marshal.StringToCoTaskMemUTF8(args[i]);
            }

            _ = ExecV(argv[0], argv);
        }
        finally
        {
            foreach (nint p in argv)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    [DllImport("libc", EntryPoint = "execv")]
    private static extern int ExecV(nint path, nint[] argv);
}
