#include "io/j2kdecoder.h"

#include <openjpeg.h>

#include <cstring>
#include <memory>

namespace iouslab {

namespace {

struct MemoryStream
{
    const char *data;
    OPJ_SIZE_T size;
    OPJ_SIZE_T position;
};

OPJ_SIZE_T readMemory(void *buffer, OPJ_SIZE_T count, void *user)
{
    auto *stream = static_cast<MemoryStream *>(user);
    if (stream->position >= stream->size)
        return OPJ_SIZE_T(-1);
    const OPJ_SIZE_T n = std::min(count, stream->size - stream->position);
    std::memcpy(buffer, stream->data + stream->position, n);
    stream->position += n;
    return n;
}

OPJ_OFF_T skipMemory(OPJ_OFF_T count, void *user)
{
    auto *stream = static_cast<MemoryStream *>(user);
    const OPJ_OFF_T target = OPJ_OFF_T(stream->position) + count;
    if (target < 0 || target > OPJ_OFF_T(stream->size))
        return -1;
    stream->position = OPJ_SIZE_T(target);
    return count;
}

OPJ_BOOL seekMemory(OPJ_OFF_T position, void *user)
{
    auto *stream = static_cast<MemoryStream *>(user);
    if (position < 0 || position > OPJ_OFF_T(stream->size))
        return OPJ_FALSE;
    stream->position = OPJ_SIZE_T(position);
    return OPJ_TRUE;
}

void keepError(const char *message, void *user)
{
    auto *error = static_cast<QString *>(user);
    if (error->isEmpty())
        *error = QString::fromUtf8(message).trimmed();
}

void ignoreMessage(const char *, void *) {}

struct CodecDeleter
{
    void operator()(opj_codec_t *codec) const { opj_destroy_codec(codec); }
};
struct StreamDeleter
{
    void operator()(opj_stream_t *stream) const { opj_stream_destroy(stream); }
};
struct ImageDeleter
{
    void operator()(opj_image_t *image) const { opj_image_destroy(image); }
};

bool isJp2(const QByteArray &data)
{
    static const unsigned char signature[] = {0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50,
                                              0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a};
    return data.size() >= int(sizeof signature) &&
           std::memcmp(data.constData(), signature, sizeof signature) == 0;
}

} // namespace

Expected<J2kImage> decodeJ2k(const QByteArray &codestream, int expectedWidth, int expectedHeight,
                             int expectedComponents)
{
    const bool jp2 = isJp2(codestream);
    const bool j2k = codestream.size() >= 4 && quint8(codestream[0]) == 0xff &&
                     quint8(codestream[1]) == 0x4f && quint8(codestream[2]) == 0xff &&
                     quint8(codestream[3]) == 0x51;
    if (!jp2 && !j2k)
        return makeError(QStringLiteral("the JPEG 2000 fragment starts with neither a "
                                        "codestream marker nor a JP2 signature"));

    std::unique_ptr<opj_codec_t, CodecDeleter> codec(
        opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K));
    QString error;
    opj_set_error_handler(codec.get(), keepError, &error);
    opj_set_warning_handler(codec.get(), ignoreMessage, nullptr);
    opj_set_info_handler(codec.get(), ignoreMessage, nullptr);
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    if (!opj_setup_decoder(codec.get(), &parameters))
        return makeError(QStringLiteral("OpenJPEG could not set up a decoder"));

    MemoryStream memory{codestream.constData(), OPJ_SIZE_T(codestream.size()), 0};
    std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(1 << 16, OPJ_TRUE));
    opj_stream_set_user_data(stream.get(), &memory, nullptr);
    opj_stream_set_user_data_length(stream.get(), memory.size);
    opj_stream_set_read_function(stream.get(), readMemory);
    opj_stream_set_skip_function(stream.get(), skipMemory);
    opj_stream_set_seek_function(stream.get(), seekMemory);

    opj_image_t *rawImage = nullptr;
    if (!opj_read_header(stream.get(), codec.get(), &rawImage))
        return makeError(QStringLiteral("JPEG 2000 header unreadable: %1").arg(error));
    std::unique_ptr<opj_image_t, ImageDeleter> image(rawImage);

    // The header's size is checked before opj_decode allocates the component planes.
    const int width = int(image->x1 - image->x0);
    const int height = int(image->y1 - image->y0);
    if (width != expectedWidth || height != expectedHeight ||
        int(image->numcomps) != expectedComponents)
        return makeError(QStringLiteral("the JPEG 2000 codestream holds %1 x %2 pixels with %3 "
                                        "components, the DICOM header declares %4 x %5 with %6")
                             .arg(width)
                             .arg(height)
                             .arg(image->numcomps)
                             .arg(expectedWidth)
                             .arg(expectedHeight)
                             .arg(expectedComponents));
    for (OPJ_UINT32 c = 0; c < image->numcomps; ++c) {
        if (image->comps[c].dx != 1 || image->comps[c].dy != 1)
            return makeError(QStringLiteral("JPEG 2000 components with subsampling are not "
                                            "supported"));
        if (image->comps[c].prec < 1 || image->comps[c].prec > 16)
            return makeError(QStringLiteral("JPEG 2000 samples of %1 bits are not supported")
                                 .arg(image->comps[c].prec));
    }

    if (!opj_decode(codec.get(), stream.get(), image.get()) ||
        !opj_end_decompress(codec.get(), stream.get()))
        return makeError(QStringLiteral("JPEG 2000 decoding failed: %1")
                             .arg(error.isEmpty() ? QStringLiteral("damaged codestream") : error));

    J2kImage out;
    out.width = width;
    out.height = height;
    out.components = int(image->numcomps);
    out.precision = int(image->comps[0].prec);
    out.isSigned = image->comps[0].sgnd != 0;
    const size_t pixels = size_t(width) * size_t(height);
    out.samples.resize(pixels * out.components);
    for (int c = 0; c < out.components; ++c) {
        const opj_image_comp_t &comp = image->comps[c];
        if (!comp.data || comp.w != OPJ_UINT32(width) || comp.h != OPJ_UINT32(height))
            return makeError(QStringLiteral("JPEG 2000 component %1 came out incomplete").arg(c));
        for (size_t i = 0; i < pixels; ++i)
            out.samples[i * out.components + c] = comp.data[i];
    }
    return out;
}

} // namespace iouslab
