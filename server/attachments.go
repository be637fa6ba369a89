package server

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"strings"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/frontlinedesk/frontline/internal/desk"
	frontlinev1 "github.com/frontlinedesk/frontline/internal/gen/frontline/v1"
)

// Attachment limits.
const (
	maxAttachmentBytes = 5 << 20
	maxFilename        = 200
)

// sniffAttachment returns the content type of data judged by its first
// bytes (never by its name), or "" when it is not an accepted type.
func sniffAttachment(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		return "image/jpeg"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "image/gif"
	case len(data) >= 12 && bytes.Equal(data[:4], []byte("RIFF")) && bytes.Equal(data[8:12], []byte("WEBP")):
		return "image/webp"
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf"
	}
	return ""
}

// cleanFilename drops any directory from a client's file name.
func cleanFilename(name string) (string, error) {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(strings.TrimSpace(name))
	if name == "." || name == "/" {
		name = ""
	}
	return checkLine("filename", name, 1, maxFilename)
}

func (w *widgetService) UploadAttachment(ctx context.Context, req *frontlinev1.UploadAttachmentRequest) (*frontlinev1.UploadAttachmentResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	name, err := cleanFilename(req.GetFilename())
	if err != nil {
		return nil, err
	}
	data := req.GetData()
	switch {
	case len(data) == 0:
		return nil, desk.Invalid("data", "is empty")
	case len(data) > maxAttachmentBytes:
		return nil, desk.Invalid("data", fmt.Sprintf("must be at most %d MiB", maxAttachmentBytes>>20))
	}
	ct := sniffAttachment(data)
	if ct == "" {
		return nil, desk.Invalid("data", "must be a PNG, JPEG, GIF or WebP image or a PDF")
	}
	now := w.s.now()
	att := &frontlinev1.Attachment{Id: desk.NewID(now), Filename: name, ContentType: ct, Size: int64(len(data))}
	if err := w.s.st.PutAttachment(ctx, c.TenantID, c.TicketID, att, data); err != nil {
		return nil, fmt.Errorf("upload attachment: %w", err)
	}
	m := &frontlinev1.Message{
		Id:          desk.NewID(now),
		TicketId:    c.TicketID,
		AuthorKind:  frontlinev1.AuthorKind_AUTHOR_KIND_CUSTOMER,
		Body:        "Attachment: " + name,
		CreateTime:  timestamppb.New(now),
		Attachments: []*frontlinev1.Attachment{att},
	}
	if err := w.addCustomerMessage(ctx, c, m); err != nil {
		// The file is unreachable without its message: remove it.
		if derr := w.s.st.DeleteAttachment(context.WithoutCancel(ctx), c.TenantID, c.TicketID, att.GetId()); derr != nil {
			w.s.log.Warn("remove orphan attachment", "ticket", c.TicketID, "err", derr)
		}
		return nil, err
	}
	return &frontlinev1.UploadAttachmentResponse{Message: m}, nil
}

func (w *widgetService) GetAttachment(ctx context.Context, req *frontlinev1.GetAttachmentRequest) (*frontlinev1.GetAttachmentResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("attachment_id", req.GetAttachmentId()); err != nil {
		return nil, err
	}
	att, data, err := w.s.st.Attachment(ctx, c.TenantID, c.TicketID, req.GetAttachmentId())
	if err != nil {
		return nil, fmt.Errorf("get attachment: %w", err)
	}
	return &frontlinev1.GetAttachmentResponse{Attachment: att, Data: data}, nil
}

func (t *ticketService) GetTicketAttachment(ctx context.Context, req *frontlinev1.GetTicketAttachmentRequest) (*frontlinev1.GetTicketAttachmentResponse, error) {
	c, err := callerFrom(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkID("ticket_id", req.GetTicketId()); err != nil {
		return nil, err
	}
	if err := checkID("attachment_id", req.GetAttachmentId()); err != nil {
		return nil, err
	}
	att, data, err := t.s.st.Attachment(ctx, c.TenantID, req.GetTicketId(), req.GetAttachmentId())
	if err != nil {
		return nil, fmt.Errorf("get ticket attachment: %w", err)
	}
	return &frontlinev1.GetTicketAttachmentResponse{Attachment: att, Data: data}, nil
}
