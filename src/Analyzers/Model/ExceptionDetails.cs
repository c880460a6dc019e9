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
    public ExceptionDetail(ExceptionDetailKind kind, IOperation receiver, string propertyName, IConversionOperation? cast, bool viaLocal, bool viaConditionalAccess)
    {
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

    /// <summary>Read through <c>?.</c>: the comparison is part of a conditional access and cannot be replaced alone.</summary>
    public bool ViaConditionalAccess { get; }
}

/// <summary>
/// Reads which exception detail a compared value is: the message, a native number or a cast of one, read from an
/// exception directly, through string case conversions, through a local assigned only that value, or through <c>?.</c>.
/// </summary>
internal sealed class ExceptionDetails
{
    private const int MaxSteps = 16;

    private readonly ConnectionModel _model;

    public ExceptionDetails(ConnectionModel model)
    {
        _model = model;
    }

    /// <summary>The exception detail <paramref name="operation"/> is, or null.</summary>
    public ExceptionDetail? Read(IOperation? operation)
    {
        var viaLocal = false;
        var viaConditional = false;
        IConversionOperation? cast = null;
        for (var steps = 0; operation is not null && steps < MaxSteps; steps++)
        {
            switch (operation)
            {
                case IConversionOperation conversion when cast is null && _model.IsSocketErrorType(conversion.Type):
                    if (conversion.IsImplicit || conversion.OperatorMethod is not null)
                    {
                        return null;
                    }

                    cast = conversion;
                    operation = conversion.Operand;
                    continue;

                case IConversionOperation conversion:
                    // Numeric widening/narrowing ((long)e.HResult), boxing for Equals(object); nothing user-defined.
                    if (conversion.OperatorMethod is not null || conversion.Type is { TypeKind: TypeKind.Enum })
                    {
                        return null;
                    }

                    operation = conversion.Operand;
                    continue;

                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;

                case IConditionalAccessOperation conditionalAccess:
                    viaConditional = true;
                    operation = conditionalAccess.WhenNotNull;
                    continue;

                case IPropertyReferenceOperation { Instance: { } instance } property when _model.IsNativeErrorNumberProperty(property.Property):
                    return new ExceptionDetail(
                        cast is null ? ExceptionDetailKind.Number : ExceptionDetailKind.Cast,
                        ResolveConditionalInstance(instance, ref viaConditional),
                        property.Property.Name,
                        cast,
                        viaLocal,
                        viaConditional);

                case IPropertyReferenceOperation { Instance: { } instance } property when cast is null && _model.IsExceptionMessageProperty(property.Property):
                    return new ExceptionDetail(ExceptionDetailKind.Text, ResolveConditionalInstance(instance, ref viaConditional), "Message", null, viaLocal, viaConditional);

                case IInvocationOperation { Instance: { } instance } invocation when cast is null && _model.IsExceptionToString(invocation):
                    return new ExceptionDetail(ExceptionDetailKind.Text, ResolveConditionalInstance(instance, ref viaConditional), "ToString()", null, viaLocal, viaConditional);

                case IInvocationOperation { Instance: { } instance, TargetMethod: { } method }
                    when cast is null && method.ContainingType?.SpecialType == SpecialType.System_String &&
                         method.Name is "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant" or "Trim" or "TrimStart" or "TrimEnd":
                    operation = ResolveConditionalInstance(instance, ref viaConditional);
                    continue;

                case IConditionalAccessInstanceOperation conditionalInstance:
                    operation = ResolveConditionalInstance(conditionalInstance, ref viaConditional);
                    if (operation is IConditionalAccessInstanceOperation)
                    {
                        return null;
                    }

                    continue;

                case ILocalReferenceOperation local when OperationInputs.TryGetSingleValue(local, out var value):
                    viaLocal = true;
                    operation = value;
                    continue;

                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The receiver of <c>x?.Message</c> is x (and the read is then through <c>?.</c>).</summary>
    public static IOperation ResolveConditionalInstance(IOperation instance, ref bool viaConditional)
    {
        if (instance is IConditionalAccessInstanceOperation conditionalInstance &&
            OperationInputs.ConditionalAccessReceiver(conditionalInstance) is { } receiver)
        {
            viaConditional = true;
            return receiver;
        }

        return instance;
    }
}
