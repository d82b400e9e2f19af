"""The StreamField blocks of a lesson, defined once. Every block renders without JavaScript and
without loading anything from another site: a video is a link until the trainee asks for it."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Judul bagian")
        template = "courses/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("gambar"))
    alt_text = blocks.CharBlock(
        label=_("teks alternatif"),
        required=False,
        help_text=_("Untuk pembaca layar; kosongkan bila gambar hanya hiasan."),
    )
    caption = blocks.CharBlock(label=_("keterangan"), required=False)

    class Meta:
        icon = "image"
        label = _("Gambar")
        template = "courses/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    """A link to a video: nothing is fetched until the trainee clicks it."""

    url = blocks.URLBlock(label=_("alamat video"))
    title = blocks.CharBlock(label=_("judul video"))
    duration = blocks.CharBlock(label=_("durasi"), required=False, help_text=_("mis. 12 menit"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("dokumen"))
    title = blocks.CharBlock(label=_("judul"), required=False)
    description = blocks.CharBlock(label=_("keterangan"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Unduhan dokumen")
        template = "courses/blocks/document.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("jenis"),
        choices=[("info", _("Informasi")), ("tip", _("Tips")), ("warning", _("Perhatian"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("judul"), required=False)
    text = blocks.RichTextBlock(label=_("isi"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        label = _("Kotak sorotan")
        template = "courses/blocks/callout.html"


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("judul"), required=False)
    items = blocks.ListBlock(blocks.CharBlock(label=_("butir")), label=_("butir daftar periksa"))

    class Meta:
        icon = "tasks"
        label = _("Daftar periksa")
        template = "courses/blocks/checklist.html"


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("jawaban"))
    is_correct = blocks.BooleanBlock(label=_("jawaban benar"), required=False)
    feedback = blocks.CharBlock(
        label=_("umpan balik"), required=False, help_text=_("Ditampilkan bila jawaban ini dipilih.")
    )


class QuizBlock(blocks.StructBlock):
    """A self-check question with one or more correct answers and feedback on each answer."""

    question = blocks.CharBlock(label=_("pertanyaan"))
    answers = blocks.ListBlock(AnswerBlock(), label=_("pilihan jawaban"), min_num=2)

    class Meta:
        icon = "help"
        label = _("Kuis mandiri")
        template = "courses/blocks/quiz.html"


class LessonStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Teks"), features=TEXT_FEATURES, template="courses/blocks/paragraph.html"
    )
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    checklist = ChecklistBlock()
    quiz = QuizBlock()
