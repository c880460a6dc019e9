using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>Which detail of an exception a value is: a native number, the text, or a number cast to SocketError.</summary>
internal enum ExceptionDetailKind
{
    /// <summary>ErrorCode, NativeErrorCode or HResult.</summary>
    Number,

    /// <summary>Message or ToString().</summary>
    Text,

    /// <summary><c>(SocketError)e.ErrorCode</c>: a native number read as if it were a SocketError.</summary>
    Cast,
}

/// <summary>A number or text read from an exception, and how it was reached.</summary>
internal sealed class ExceptionDetail
{
    public ExceptionDetail(
        ExceptionDetailKind kind, IOperation receiver, string propertyName, IConversionOperation? cast, bool viaLocal, bool viaConditionalAccess, bool ofSocketException = false)
    {
        OfSocketException = ofSocketException;
        Kind = kind;
        Receiver = receiver;
        PropertyName = propertyName;
        Cast = cast;
        ViaLocal = viaLocal;
        ViaConditionalAccess = viaConditionalAccess;
    }

    public ExceptionDetailKind Kind { get; }

    /// <summary>The exception expression the value is read from.</summary>
    public IOperation Receiver { get; }

    public string PropertyName { get; }

    public IConversionOperation? Cast { get; }

    /// <summary>Read through a local copied from the property (the receiver is not written at the comparison).</summary>
    public bool ViaLocal { get; }

    /// <summary>
    /// The number is <c>ErrorCode</c> or <c>NativeErrorCode</c> of a receiver whose static type is SocketException (a
    /// variable, cast, <c>as</c> or pattern of that type): the OS's own error number, never an HRESULT or another API's code.
    /// </summary>
    public bool OfSocketException { get; }

    /// <summary>Read through <c>?.</c>: the comparison is part of a conditional access and cannot be replaced alone.</summary>
    public bool ViaConditionalAccess { get; }
}
