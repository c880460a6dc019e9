using System;
using System.Net.Sockets;

namespace SocketAnalyzers.TestSupport.Loopback;

/// <summary>How a program's method ended: returned (with a value), threw, or ran past its deadline.</summary>
public sealed class ProgramOutcome
{
    private ProgramOutcome(object? returnValue, Exception? exception, bool timedOut)
    {
        ReturnValue = returnValue;
        Exception = exception;
        TimedOut = timedOut;
    }

    public object? ReturnValue { get; }

    /// <summary>What the method threw (unwrapped from reflection's TargetInvocationException).</summary>
    public Exception? Exception { get; }

    public bool TimedOut { get; }

    public bool Returned => !TimedOut && Exception is null;

    public string? ExceptionType => Exception?.GetType().FullName;

    public SocketError? SocketErrorCode => (Exception as SocketException)?.SocketErrorCode;

    public int? NativeErrorCode => (Exception as SocketException)?.NativeErrorCode;

    public Exception? Inner => Exception?.InnerException;

    public string? InnerType => Inner?.GetType().FullName;

    public SocketError? InnerSocketErrorCode => (Inner as SocketException)?.SocketErrorCode;

    public static ProgramOutcome ReturnedWith(object? value) => new(value, null, false);

    public static ProgramOutcome Threw(Exception exception) => new(null, exception, false);

    public static ProgramOutcome RanPastDeadline() => new(null, null, true);

    public override string ToString()
    {
        if (TimedOut)
        {
            return "program ran past its deadline";
        }

        if (Exception is null)
        {
            return "program returned " + (ReturnValue ?? "(nothing)");
        }

        return "program threw " + Describe(Exception) + (Inner is null ? "" : " with inner " + Describe(Inner));
    }

    private static string Describe(Exception exception) =>
        exception is SocketException socket
            ? $"{exception.GetType().FullName} {socket.SocketErrorCode} ({socket.NativeErrorCode}) \"{exception.Message}\""
            : $"{exception.GetType().FullName} \"{exception.Message}\"";
}
