using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>How a framework read tells its caller that the peer ended the stream (sent FIN).</summary>
public enum ReadEndSignal
{
    /// <summary>Not a read whose result says so: <c>BeginRead</c>, <c>CopyTo</c>, <c>Peek</c>, <c>ReadToEnd</c>, <c>ReadBytes</c>, WebSocket, project methods.</summary>
    NotJudged,

    /// <summary>Returns the number of bytes or chars read, 0 at the end: <c>Read</c>, <c>ReadAsync</c>, <c>Receive</c>, <c>ReceiveAsync</c>, <c>ReadBlock</c>.</summary>
    ZeroCount,

    /// <summary>Returns the next byte or char, -1 at the end: <c>Stream.ReadByte()</c>, <c>TextReader.Read()</c>, <c>BinaryReader.Read()</c>.</summary>
    MinusOne,

    /// <summary>Returns null at the end: <c>TextReader.ReadLine()</c>, <c>ReadLineAsync()</c>.</summary>
    Null,

    /// <summary>Throws <c>EndOfStreamException</c> at the end: <c>ReadExactly</c>, <c>ReadAtLeast</c> (throwing), <c>BinaryReader.ReadInt32()</c> ...</summary>
    Throws,
}

/// <summary>
/// What each framework read returns at the end of the stream. After the peer's FIN every further read returns that
/// value at once, so code that reads again must test for it; and a read that saw it leaves nothing unread for a close
/// to reset.
/// </summary>
public static class ReadEndOfStream
{
    /// <summary>The end-of-stream signal of <paramref name="invocation"/>'s result, judged by the method it calls.</summary>
    public static ReadEndSignal Of(IInvocationOperation invocation, ConnectionModel model)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null || method.IsStatic || method.MethodKind != MethodKind.Ordinary)
        {
            return ReadEndSignal.NotJudged;
        }

        // Every read judged below is named Read... or is one of these; most calls are neither, and are answered
        // without looking at their type.
        var name = method.Name;
        if (!name.StartsWith("Read", System.StringComparison.Ordinal) && name is not ("Receive" or "ReceiveAsync" or "EndReceive" or "EndRead"))
        {
            return ReadEndSignal.NotJudged;
        }

        if (model.IsRawSocketType(type))
        {
            // ReceiveFrom/ReceiveMessageFrom are datagram calls (an empty datagram is not an end); ReceiveAsync(SocketAsyncEventArgs)
            // returns whether it is pending, not a count.
            return name is "Receive" or "ReceiveAsync" or "EndReceive" && ReturnsCount(method)
                ? ReadEndSignal.ZeroCount
                : ReadEndSignal.NotJudged;
        }

        if (model.IsStreamType(type))
        {
            switch (name)
            {
                case "Read" or "ReadAsync" or "EndRead":
                    return ReturnsCount(method) ? ReadEndSignal.ZeroCount : ReadEndSignal.NotJudged;
                case "ReadByte":
                    return ReadEndSignal.MinusOne;
                case "ReadExactly" or "ReadExactlyAsync":
                    return ReadEndSignal.Throws;
                case "ReadAtLeast" or "ReadAtLeastAsync":
                    return ThrowsOnEndOfStream(invocation) switch
                    {
                        true => ReadEndSignal.Throws,
                        false => ReadEndSignal.ZeroCount,
                        null => ReadEndSignal.NotJudged,
                    };
                default:
                    return ReadEndSignal.NotJudged;
            }
        }

        if (model.IsTextReaderType(type))
        {
            switch (name)
            {
                case "ReadLine" or "ReadLineAsync":
                    return ReadEndSignal.Null;
                case "Read" when method.Parameters.IsEmpty:
                    return ReadEndSignal.MinusOne;
                case "Read" or "ReadAsync" or "ReadBlock" or "ReadBlockAsync":
                    return ReturnsCount(method) ? ReadEndSignal.ZeroCount : ReadEndSignal.NotJudged;
                default:
                    return ReadEndSignal.NotJudged;
            }
        }

        if (model.IsBinaryReaderType(type))
        {
            switch (name)
            {
                case "Read" when method.Parameters.IsEmpty:
                    return ReadEndSignal.MinusOne;
                case "Read":
                    return ReturnsCount(method) ? ReadEndSignal.ZeroCount : ReadEndSignal.NotJudged;
                case "ReadBytes" or "ReadChars":
                    // A shorter (empty) array at the end.
                    return ReadEndSignal.NotJudged;
                default:
                    return name.StartsWith("Read", System.StringComparison.Ordinal) ? ReadEndSignal.Throws : ReadEndSignal.NotJudged;
            }
        }

        return ReadEndSignal.NotJudged;
    }

    /// <summary>The value a read with this signal returns at the end of the stream (boxed int, or null), or false when it throws instead.</summary>
    public static bool TryGetEndValue(ReadEndSignal signal, out object? value)
    {
        switch (signal)
        {
            case ReadEndSignal.ZeroCount:
                value = 0;
                return true;
            case ReadEndSignal.MinusOne:
                value = -1;
                return true;
            case ReadEndSignal.Null:
                value = null;
                return true;
            default:
                value = null;
                return false;
        }
    }

    /// <summary><c>int</c>, <c>Task&lt;int&gt;</c> or <c>ValueTask&lt;int&gt;</c>: the count, directly or awaited.</summary>
    private static bool ReturnsCount(IMethodSymbol method)
    {
        var type = method.ReturnType;
        if (type.SpecialType == SpecialType.System_Int32)
        {
            return true;
        }

        return type is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask", TypeArguments.Length: 1 } awaitable &&
               awaitable.TypeArguments[0].SpecialType == SpecialType.System_Int32 &&
               awaitable.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
    }

    /// <summary><c>ReadAtLeast(..., throwOnEndOfStream)</c>: the constant argument or the parameter's default (true); null when not constant.</summary>
    private static bool? ThrowsOnEndOfStream(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "throwOnEndOfStream")
            {
                return argument.Value.ConstantValue is { HasValue: true, Value: bool throws } ? throws : null;
            }
        }

        return true;
    }
}
